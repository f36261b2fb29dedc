using System.Text;
using ActorMessenger.Actors.History;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static ActorMessenger.Actors.Protocol.ChatEvents;

namespace ActorMessenger.Tests.Persistence.Contract;

/// <summary>
/// What every storage backend must do alike, run once per backend (see the subclasses): the read
/// model's pages, update feed, search and channel catalog, attachments with their bytes and who may read
/// them (a file goes with the last message that refers to it), and the
/// secrets and data-protection keys that must survive a restart.
/// </summary>
public abstract class StorageContract : IDisposable
{
    private readonly List<(IStorageBackend Backend, ServiceProvider Services)> _opened = [];

    /// <summary>A backend on the test's own store; called again for a "restart" on the same store.</summary>
    protected abstract IStorageBackend OpenBackend();

    protected ServiceProvider Start()
    {
        var backend = OpenBackend();
        backend.Initialize();
        var services = new ServiceCollection();
        services.AddLogging();
        backend.AddServices(services);
        var provider = services.BuildServiceProvider();
        _opened.Add((backend, provider));
        return provider;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        foreach (var (backend, services) in _opened)
        {
            services.Dispose();
            backend.Dispose();
        }
    }

    private IMessageHistoryStore History => (_history ??= Start()).GetRequiredService<IMessageHistoryStore>();

    private IAttachmentStore Files => (_history ??= Start()).GetRequiredService<IAttachmentStore>();

    private ServiceProvider? _history;

    [Fact]
    public async Task Pages_come_oldest_first_below_the_given_seq_and_get_many_answers_the_asked_seqs()
    {
        await History.ApplyAsync([Batch("g-a", [.. Enumerable.Range(1, 10).Select(i => Message("g-a", i, $"сообщение {i}"))])]);
        await History.ApplyAsync([Batch("g-b", [Message("g-b", 1, "other chat")])]);

        var page = await History.PageAsync("g-a", beforeSeq: 8, limit: 3);
        Assert.Equal([5L, 6, 7], page.Select(m => m.Seq));
        Assert.Equal("сообщение 5", page[0].Text);
        Assert.Equal([2L, 9], (await History.GetManyAsync("g-a", [9, 2, 42])).Select(m => m.Seq));
        Assert.Empty(await History.PageAsync("g-c", long.MaxValue, 10));
    }

    [Fact]
    public async Task The_update_feed_answers_after_a_cursor_and_knows_its_newest_number()
    {
        var updates = Enumerable.Range(1, 5).Select(i => new UpdateRecord(i, UpdateTypes.NewMessage, i, null)).ToList();
        await History.ApplyAsync([new ProjectionBatch("g-a", [], updates)]);

        Assert.Equal([3L, 4], (await History.UpdatesAsync("g-a", afterUpdateSeq: 2, limit: 2)).Select(u => u.UpdateSeq));
        Assert.Equal(5, await History.MaxUpdateSeqAsync("g-a"));
        Assert.Equal(0, await History.MaxUpdateSeqAsync("g-none"));
    }

    [Fact]
    public async Task Search_finds_words_and_their_beginnings_in_Russian_and_English_with_Latin_diacritics_folded()
    {
        await History.ApplyAsync([Batch("g-a", [
            Message("g-a", 1, "Привет, мир! Встреча в пятницу"),
            Message("g-a", 2, "Meeting notes: Café crème at noon"),
            Message("g-a", 3, "ёлка и йогурт"),
            Message("g-a", 4, "naïve approach"),
        ])]);
        await History.ApplyAsync([Batch("g-b", [Message("g-b", 1, "привет из другого чата")])]);

        Assert.Equal(new long[] { 1 }, await Found(["g-a"], "ПРИВ"));
        Assert.Equal(new long[] { 1 }, await Found(["g-a"], "мир встре"));
        Assert.Equal(new long[] { 2 }, await Found(["g-a"], "meet cafe"));
        Assert.Equal(new long[] { 2 }, await Found(["g-a"], "crème"));
        Assert.Equal(new long[] { 4 }, await Found(["g-a"], "naive"));
        Assert.Equal(new long[] { 3 }, await Found(["g-a"], "ёлк"));

        // As SQLite's tokenizer does, Cyrillic letters keep their marks: е does not find ё.
        Assert.Empty(await Found(["g-a"], "елка"));
        Assert.Empty(await Found(["g-a"], "\"мир\" OR *"));
        Assert.Equal(["g-a", "g-b"], (await History.SearchAsync(["g-a", "g-b"], "привет", 10)).Select(m => m.ChatId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deleted_and_system_messages_are_not_found_and_do_not_count_as_someones_messages()
    {
        var kept = Message("g-a", 1, "останется");
        var gone = Message("g-a", 2, "удалится");
        await History.ApplyAsync([Batch("g-a", [kept, gone, Message("g-a", 3, "система") with { System = new SystemEvent("chat_created", 1, []) }])]);
        await History.ApplyAsync([new ProjectionBatch("g-a", [gone with { Text = string.Empty, DeletedAt = DateTimeOffset.UtcNow }], [new UpdateRecord(9, UpdateTypes.MessageDeleted, 2, null)])]);

        Assert.Empty(await Found(["g-a"], "удал"));
        Assert.Empty(await Found(["g-a"], "систем"));
        Assert.Equal([1L], await History.SeqsFromAsync("g-a", 1));
        Assert.Equal(["g-a"], await History.ChatsWithMessagesFromAsync(1));
        Assert.Empty(await History.ChatsWithMessagesFromAsync(2));
    }

    [Fact]
    public async Task An_edited_or_projected_again_message_is_found_once_and_only_by_its_newest_text()
    {
        var original = Message("g-a", 1, "черновик");
        await History.ApplyAsync([Batch("g-a", [original])]);
        await History.ApplyAsync([Batch("g-a", [original])]);
        Assert.Equal(new long[] { 1 }, await Found(["g-a"], "черновик"));

        await History.ApplyAsync([Batch("g-a", [original with { Text = "беловик", EditedAt = DateTimeOffset.UtcNow }])]);

        Assert.Empty(await Found(["g-a"], "черновик"));
        Assert.Equal(new long[] { 1 }, await Found(["g-a"], "беловик"));
        Assert.Equal(["беловик"], (await History.PageAsync("g-a", long.MaxValue, 10)).Select(m => m.Text));
    }

    [Fact]
    public async Task A_clear_forgets_the_chats_messages_search_entries_and_updates_up_to_it()
    {
        await History.ApplyAsync([new ProjectionBatch("g-a", [Message("g-a", 1, "первое"), Message("g-a", 2, "второе")], [new UpdateRecord(1, UpdateTypes.NewMessage, 1, null), new UpdateRecord(2, UpdateTypes.NewMessage, 2, null)])]);
        await History.ApplyAsync([new ProjectionBatch("g-a", [Message("g-a", 3, "третье")], [new UpdateRecord(4, UpdateTypes.NewMessage, 3, null)], Clear: new ClearPoint(2, 3, DateTimeOffset.UtcNow))]);

        Assert.Equal([3L], (await History.PageAsync("g-a", long.MaxValue, 10)).Select(m => m.Seq));
        Assert.Empty(await Found(["g-a"], "перв"));
        Assert.Equal([4L], (await History.UpdatesAsync("g-a", 0, 10)).Select(u => u.UpdateSeq));
    }

    [Fact]
    public async Task Channel_search_matches_title_or_description_in_any_case_public_channels_only_largest_first()
    {
        await History.ApplyAsync([
            new ProjectionBatch("c-1", [], [], Channel("c-1", "Новости офиса", "Всё о работе", members: 5)),
            new ProjectionBatch("c-2", [], [], Channel("c-2", "Football", "Новости спорта 100%", members: 50)),
            new ProjectionBatch("c-3", [], [], Channel("c-3", "Секретные новости", null, members: 99, isPublic: false)),
        ]);

        Assert.Equal(["c-2", "c-1"], (await History.SearchChannelsAsync("НОВОСТИ", 10)).Select(c => c.ChatId));
        Assert.Equal(["c-2"], (await History.SearchChannelsAsync("foot", 10)).Select(c => c.ChatId));
        Assert.Equal(["c-2"], (await History.SearchChannelsAsync("100%", 10)).Select(c => c.ChatId));
        Assert.Empty(await History.SearchChannelsAsync("_", 10));
        Assert.Equal(["c-2", "c-1"], (await History.SearchChannelsAsync("  ", 10)).Select(c => c.ChatId));

        // A channel's entry is replaced as a whole when it changes.
        await History.ApplyAsync([new ProjectionBatch("c-1", [], [], Channel("c-1", "Офис", "Всё о работе", members: 500))]);
        Assert.Empty(await History.SearchChannelsAsync("новости офиса", 10));
        Assert.Equal(["c-1", "c-2"], (await History.SearchChannelsAsync(string.Empty, 10)).Select(c => c.ChatId));
    }

    [Fact]
    public async Task An_attachments_bytes_come_back_whole_and_in_ranges_and_leave_with_the_last_message_referring_to_it()
    {
        var bytes = new byte[(700 * 1024) + 13];
        new Random(7).NextBytes(bytes);
        var file = new StoredAttachment(Guid.NewGuid().ToString("N"), "dm-1-2", 1, "отчёт.bin", bytes.Length, "application/octet-stream", DateTimeOffset.UtcNow);
        await Files.WriteAsync(file.Id, new MemoryStream(bytes));
        await Files.AddAsync(file);

        Assert.Equal(file with { CreatedAt = default }, (await Files.FindAsync(file.Id))! with { CreatedAt = default });
        Assert.Equal(bytes.Length, await Files.UploadedBytesAsync(1));
        await using (var read = (await Files.OpenAsync(file.Id))!)
        {
            var whole = new MemoryStream();
            await read.CopyToAsync(whole);
            Assert.Equal(bytes, whole.ToArray());

            read.Seek(300 * 1024, SeekOrigin.Begin);
            var range = new byte[100];
            await read.ReadExactlyAsync(range);
            Assert.Equal(bytes.AsSpan(300 * 1024, 100).ToArray(), range);
        }

        var message = Message("dm-1-2", 1, "файл") with { Type = MessageTypes.File, Attachment = file.View };
        await History.ApplyAsync([Batch("dm-1-2", [message])]);
        await Files.GrantAsync(file.Id, "g-x");
        Assert.Equal(["dm-1-2", "g-x"], (await Files.ReadableInAsync(file.Id)).Order(StringComparer.Ordinal));

        var result = await History.ApplyAsync([new ProjectionBatch("dm-1-2", [message with { Text = string.Empty, Attachment = null, DeletedAt = DateTimeOffset.UtcNow }], [new UpdateRecord(5, UpdateTypes.MessageDeleted, 1, null)])]);
        Assert.Equal(new ProjectionResult(1, bytes.Length), result);
        Assert.Null(await Files.FindAsync(file.Id));
        Assert.Null(await Files.OpenAsync(file.Id));
        Assert.Equal(0, await Files.UploadedBytesAsync(1));
    }

    [Fact]
    public async Task Uploads_no_message_refers_to_are_removed_after_their_grace_with_their_bytes()
    {
        var old = new StoredAttachment(Guid.NewGuid().ToString("N"), "dm-1-2", 1, "a.txt", 3, "text/plain", DateTimeOffset.UtcNow.AddDays(-2));
        var fresh = old with { Id = Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow };
        foreach (var file in new[] { old, fresh })
        {
            await Files.WriteAsync(file.Id, new MemoryStream(Encoding.UTF8.GetBytes("abc")));
            await Files.AddAsync(file);
        }

        Assert.Equal([old.Id], await Files.RemoveUnreferencedAsync(DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Null(await Files.OpenAsync(old.Id));
        Assert.NotNull(await Files.FindAsync(fresh.Id));
    }

    [Fact]
    public async Task A_file_is_readable_where_it_is_referred_to_and_goes_with_the_last_message_that_refers_to_it()
    {
        var file = await Upload("dm-1-2", uploader: 1);
        Assert.Equal(["dm-1-2"], await Files.ReadableInAsync(file.Id));

        var original = Referring("dm-1-2", 5, file);
        await History.ApplyAsync([new ProjectionBatch("dm-1-2", [original], [])]);
        await Files.GrantAsync(file.Id, "g-x");
        Assert.Equal(["dm-1-2", "g-x"], (await Files.ReadableInAsync(file.Id)).Order(StringComparer.Ordinal));

        var forward = Referring("g-x", 9, file);
        await History.ApplyAsync([new ProjectionBatch("g-x", [forward], [])]);
        await History.ApplyAsync([new ProjectionBatch("dm-1-2", [Deleted(original)], [])]);
        Assert.Equal(["g-x"], await Files.ReadableInAsync(file.Id));
        Assert.True(await HasBytes(file.Id));
        Assert.NotNull(await Files.FindAsync(file.Id));

        // Writing the same deletion again (a chat re-projecting after a restart) changes nothing.
        await History.ApplyAsync([new ProjectionBatch("dm-1-2", [Deleted(original)], [])]);
        Assert.True(await HasBytes(file.Id));

        await History.ApplyAsync([new ProjectionBatch("g-x", [Deleted(forward)], [])]);
        Assert.False(await HasBytes(file.Id));
        Assert.Null(await Files.FindAsync(file.Id));
        Assert.Empty(await Files.ReadableInAsync(file.Id));
    }

    [Fact]
    public async Task A_file_uploaded_but_not_yet_sent_stays_when_other_messages_are_deleted()
    {
        var pending = await Upload("dm-1-2", uploader: 1);
        var sent = await Upload("dm-1-2", uploader: 1);
        var message = Referring("dm-1-2", 1, sent);
        await History.ApplyAsync([new ProjectionBatch("dm-1-2", [message], [])]);
        await History.ApplyAsync([new ProjectionBatch("dm-1-2", [Deleted(message), Deleted(Referring("dm-1-2", 2, null))], [])]);

        Assert.False(await HasBytes(sent.Id));
        Assert.True(await HasBytes(pending.Id));
        Assert.Equal(["dm-1-2"], await Files.ReadableInAsync(pending.Id));
    }

    [Fact]
    public void The_signing_secret_and_the_data_protection_keys_survive_a_restart()
    {
        string protectedText;
        byte[] secret;
        using (var first = Start())
        {
            secret = first.GetRequiredService<ISecretStore>().GetOrCreate("signing.key", () => Encoding.UTF8.GetBytes("first"));
            protectedText = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("contract").Protect("тайна");
        }

        using var second = Start();
        Assert.Equal(secret, second.GetRequiredService<ISecretStore>().GetOrCreate("signing.key", () => Encoding.UTF8.GetBytes("second")));
        Assert.Equal("first", Encoding.UTF8.GetString(secret));
        Assert.Equal("тайна", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("contract").Unprotect(protectedText));
    }

    [Fact]
    public async Task A_secret_is_made_only_when_missing_and_nodes_starting_at_once_all_read_the_first_one_stored()
    {
        var made = 0;
        byte[] Make()
        {
            var n = Interlocked.Increment(ref made);
            return Encoding.UTF8.GetBytes($"made {n}");
        }

        var stores = Enumerable.Range(0, 4).Select(_ => Start().GetRequiredService<ISecretStore>()).ToList();
        using var ready = new Barrier(stores.Count);
        var read = await Task.WhenAll(stores.Select(store => Task.Run(() =>
        {
            ready.SignalAndWait();
            return store.GetOrCreate("cluster-certificate", Make);
        })));

        Assert.Single(read.Select(Convert.ToBase64String).Distinct());
        var madeAtStart = made;

        // Once stored, no start makes it again: the maker is never called.
        using var restarted = Start();
        Assert.Equal(read[0], restarted.GetRequiredService<ISecretStore>().GetOrCreate("cluster-certificate", () => throw new InvalidOperationException("made again")));
        Assert.Equal(madeAtStart, made);
    }

    private async Task<long[]> Found(IReadOnlyCollection<string> chats, string query) =>
        [.. (await History.SearchAsync(chats, query, 50)).Select(m => m.Seq).Order()];

    private async Task<StoredAttachment> Upload(string chatId, int uploader)
    {
        var file = new StoredAttachment(Guid.NewGuid().ToString("N"), chatId, uploader, "план.txt", 8, "text/plain", DateTimeOffset.UtcNow);
        await Files.WriteAsync(file.Id, new MemoryStream(Encoding.UTF8.GetBytes("план")));
        await Files.AddAsync(file);
        return file;
    }

    private async Task<bool> HasBytes(string id)
    {
        await using var bytes = await Files.OpenAsync(id);
        return bytes is not null;
    }

    private static MessageView Referring(string chatId, long seq, StoredAttachment? file) =>
        new($"{chatId}:{seq}", chatId, seq, 1, "подпись", file is null ? MessageTypes.Text : MessageTypes.File, DateTimeOffset.UtcNow, null, Attachment: file?.View);

    private static MessageView Deleted(MessageView m) =>
        m with { Text = string.Empty, Attachment = null, DeletedAt = DateTimeOffset.UtcNow, DeletedBy = m.SenderId };

    protected static ProjectionBatch Batch(string chatId, IReadOnlyList<MessageView> messages) =>
        new(chatId, messages, [.. messages.Select(m => new UpdateRecord(m.Seq, UpdateTypes.NewMessage, m.Seq, null))]);

    protected static MessageView Message(string chatId, long seq, string text) =>
        new($"{chatId}:{seq}", chatId, seq, 1, text, MessageTypes.Text, DateTimeOffset.UtcNow.AddMinutes(seq), null);

    private static ChatInfo Channel(string id, string title, string? description, int members, bool isPublic = true) =>
        new(id, ChatKind.Channel, title, description, null, isPublic, 1, members, DateTimeOffset.UtcNow);
}
