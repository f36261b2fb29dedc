using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence;
using ActorMessenger.Persistence.Sqlite;
using ActorMessenger.Tests.Support;
using Xunit;

namespace ActorMessenger.Tests.Persistence;

/// <summary>The read model's attachment references on a real SQLite file: who may read a file, and when it goes.</summary>
public sealed class AttachmentReferenceSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly SqliteDatabase _database;
    private readonly SqliteMessageHistoryStore _history;
    private readonly SqliteAttachmentStore _files;

    public AttachmentReferenceSpecs()
    {
        _database = new SqliteDatabase(_dir.Path);
        _database.Initialize();
        _history = new SqliteMessageHistoryStore(_database);
        _files = new SqliteAttachmentStore(_database);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_file_is_readable_where_it_is_referred_to_and_goes_with_the_last_message_that_refers_to_it()
    {
        var file = await Upload("dm-1-2", uploader: 1);
        Assert.Equal(["dm-1-2"], await _files.ReadableInAsync(file.Id));

        var original = Message("dm-1-2", 5, file);
        await _history.ApplyAsync([new ProjectionBatch("dm-1-2", [original], [])]);
        await _files.GrantAsync(file.Id, "g-x");
        Assert.Equal(["dm-1-2", "g-x"], (await _files.ReadableInAsync(file.Id)).Order(StringComparer.Ordinal));

        var forward = Message("g-x", 9, file);
        await _history.ApplyAsync([new ProjectionBatch("g-x", [forward], [])]);
        await _history.ApplyAsync([new ProjectionBatch("dm-1-2", [Deleted(original)], [])]);
        Assert.Equal(["g-x"], await _files.ReadableInAsync(file.Id));
        Assert.True(File.Exists(_files.PathOf(file.Id)));
        Assert.NotNull(await _files.FindAsync(file.Id));

        // Writing the same deletion again (a chat re-projecting after a restart) changes nothing.
        await _history.ApplyAsync([new ProjectionBatch("dm-1-2", [Deleted(original)], [])]);
        Assert.True(File.Exists(_files.PathOf(file.Id)));

        await _history.ApplyAsync([new ProjectionBatch("g-x", [Deleted(forward)], [])]);
        Assert.False(File.Exists(_files.PathOf(file.Id)));
        Assert.Null(await _files.FindAsync(file.Id));
        Assert.Empty(await _files.ReadableInAsync(file.Id));
    }

    [Fact]
    public async Task A_file_uploaded_but_not_yet_sent_stays_when_other_messages_are_deleted()
    {
        var pending = await Upload("dm-1-2", uploader: 1);
        var sent = await Upload("dm-1-2", uploader: 1);
        var message = Message("dm-1-2", 1, sent);
        await _history.ApplyAsync([new ProjectionBatch("dm-1-2", [message], [])]);
        await _history.ApplyAsync([new ProjectionBatch("dm-1-2", [Deleted(message), Deleted(Message("dm-1-2", 2, null))], [])]);

        Assert.False(File.Exists(_files.PathOf(sent.Id)));
        Assert.True(File.Exists(_files.PathOf(pending.Id)));
        Assert.Equal(["dm-1-2"], await _files.ReadableInAsync(pending.Id));
    }

    private async Task<StoredAttachment> Upload(string chatId, int uploader)
    {
        var file = new StoredAttachment(Guid.NewGuid().ToString("N"), chatId, uploader, "план.txt", 4, "text/plain", DateTimeOffset.UtcNow);
        Directory.CreateDirectory(_database.FilesDirectory);
        await File.WriteAllTextAsync(_files.PathOf(file.Id), "план");
        await _files.AddAsync(file);
        return file;
    }

    private static MessageView Message(string chatId, long seq, StoredAttachment? file) =>
        new($"{chatId}:{seq}", chatId, seq, 1, "подпись", file is null ? MessageTypes.Text : MessageTypes.File, DateTimeOffset.UtcNow, null, Attachment: file?.View);

    private static MessageView Deleted(MessageView m) =>
        m with { Text = string.Empty, Attachment = null, DeletedAt = DateTimeOffset.UtcNow, DeletedBy = m.SenderId };
}
