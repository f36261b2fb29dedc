using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ActorMessenger.Persistence;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>
/// Per-user quotas and rates, each refused with its code (and a retry time for rates) and with nothing
/// stored beyond the limit. The buckets refill far slower than any test runs, so no step depends on timing.
/// </summary>
public sealed class QuotaTests(QuotaTests.LimitedServer server) : IClassFixture<QuotaTests.LimitedServer>
{
    private const int SendBurst = 5;
    private const int UploadsPerHour = 3;
    private const int ChatsPerHour = 2;
    private const int QuotaBytes = 1000;

    [Fact]
    public async Task Sends_past_the_burst_are_rate_limited_with_a_retry_time_and_not_stored()
    {
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var device = await TestAccounts.Device(server.Address, a);
        string? chatId = null;
        for (var i = 0; i < SendBurst; i++)
        {
            chatId = (await device.SendText(b.Id, $"m{i}", clientId: $"c{i}")).GetProperty("chatId").GetString();
        }

        var error = await Assert.ThrowsAsync<HubException>(() => device.SendText(b.Id, "one too many", clientId: "over"));
        Assert.Contains("HubException: rate_limited: ", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"retryAfterMs=[1-9]\d*$", error.Message);
        Assert.Equal("rate_limited", await HubErrors.CodeOf(() => device.Hub.InvokeAsync<JsonElement>("forward_message", new { fromChatId = chatId, seq = 1, recipientId = b.Id })));

        var history = await device.Http.GetFromJsonAsync<JsonElement>($"/api/messages/{chatId}");
        Assert.Equal(SendBurst, history.GetProperty("messages").GetArrayLength());

        // Limits are per user: the other side still talks.
        await using var other = await TestAccounts.Device(server.Address, b);
        Assert.Equal(SendBurst + 1, (await other.SendText(a.Id, "answer")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Group_and_channel_creation_is_limited_per_hour()
    {
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var device = await TestAccounts.Device(server.Address, a);
        await device.Hub.InvokeAsync<JsonElement>("create_group", new { title = "one", memberIds = new[] { b.Id } });
        await device.Hub.InvokeAsync<JsonElement>("create_channel", new { name = "two " + Guid.NewGuid().ToString("N")[..6], isPublic = false });
        Assert.Equal("rate_limited", await HubErrors.CodeOf(() => device.Hub.InvokeAsync<JsonElement>("create_group", new { title = "three", memberIds = new[] { b.Id } })));
        Assert.Equal("rate_limited", await HubErrors.CodeOf(() => device.Hub.InvokeAsync<JsonElement>("create_channel", new { name = "four", isPublic = true })));

        var chats = await device.Http.GetFromJsonAsync<JsonElement>("/api/chats");
        Assert.Equal(ChatsPerHour, chats.GetProperty("chats").EnumerateArray().Count(c => c.GetProperty("kind").GetString() is "group" or "channel"));
    }

    [Fact]
    public async Task Uploads_past_the_hourly_count_are_refused_with_retry_after_and_not_stored()
    {
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var device = await TestAccounts.Device(server.Address, a);
        var chatId = (await device.SendText(b.Id, "files follow")).GetProperty("chatId").GetString()!;
        var stored = new List<string>();
        for (var i = 0; i < UploadsPerHour; i++)
        {
            stored.Add(await Uploads.TextFile(device, chatId, $"f{i}.txt", "x"));
        }

        var refused = await Upload(device, chatId, "x");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate_limited", body.GetProperty("code").GetString());
        Assert.True(body.GetProperty("retryAfterMs").GetInt64() > 0);
        Assert.Equal(stored.Order(), Files(a.Id));
    }

    [Fact]
    public async Task Uploads_past_the_users_byte_quota_are_refused_and_not_stored()
    {
        var (a, b) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var device = await TestAccounts.Device(server.Address, a);
        var chatId = (await device.SendText(b.Id, "files follow")).GetProperty("chatId").GetString()!;
        var first = await Uploads.TextFile(device, chatId, "big.txt", new string('a', 600));
        var refused = await Upload(device, chatId, new string('b', 600));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("quota_exceeded", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal([first], Files(a.Id));
    }

    [Fact]
    public async Task Only_those_who_may_post_in_a_chat_upload_to_it()
    {
        var (owner, reader) = (await TestAccounts.Register(server.Address), await TestAccounts.Register(server.Address));
        await using var ownerDevice = await TestAccounts.Device(server.Address, owner);
        await using var readerDevice = await TestAccounts.Device(server.Address, reader);
        var channel = await ownerDevice.Hub.InvokeAsync<JsonElement>("create_channel", new { name = "news " + Guid.NewGuid().ToString("N")[..6], isPublic = true });
        var chatId = channel.GetProperty("chatId").GetString()!;
        await readerDevice.Hub.InvokeAsync<JsonElement>("join_chat", new { chatId });

        var subscriber = await Upload(readerDevice, chatId, "not allowed");
        Assert.Equal(HttpStatusCode.Forbidden, subscriber.StatusCode);
        Assert.Equal("forbidden", (await subscriber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var stranger = await TestAccounts.Register(server.Address);
        await using var strangerDevice = await TestAccounts.Device(server.Address, stranger);
        Assert.Equal(HttpStatusCode.Forbidden, (await Upload(strangerDevice, chatId, "not a member")).StatusCode);
        Assert.Empty(Files(reader.Id).Concat(Files(stranger.Id)));
    }

    [Fact]
    public async Task Uploads_are_refused_while_the_disk_is_low_and_nothing_is_stored()
    {
        await using var low = new TempDirectoryServer("--Messenger:Limits:MinFreeDiskBytes", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await low.StartAsync();
        var (a, b) = (await TestAccounts.Register(low.Address), await TestAccounts.Register(low.Address));
        await using var device = await TestAccounts.Device(low.Address, a);
        var chatId = (await device.SendText(b.Id, "a file follows")).GetProperty("chatId").GetString()!;
        var refused = await Upload(device, chatId, "x");
        Assert.Equal(HttpStatusCode.InsufficientStorage, refused.StatusCode);
        Assert.Equal("insufficient_storage", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var files = Path.Combine(low.DataPath, DataDirectory.FilesFolderName);
        Assert.True(!Directory.Exists(files) || Directory.GetFiles(files).Length == 0);
    }

    private static async Task<HttpResponseMessage> Upload(MessengerClient device, string chatId, string content)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(content)) { Headers = { ContentType = new("text/plain") } }, "file", "f.txt" },
        };
        return await device.Http.PostAsync(new Uri("/api/files", UriKind.Relative), form);
    }

    /// <summary>The ids of the files the server keeps from this uploader, sorted.</summary>
    private List<string> Files(int uploaderId) =>
        [.. server.Attachments(uploaderId).Order()];

    public sealed class LimitedServer : IAsyncLifetime, IAsyncDisposable
    {
        private readonly TempDirectoryServer _server = new(
            "--Messenger:Limits:SendBurst", SendBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Messenger:Limits:SendsPerSecond", "0.0001",
            "--Messenger:Limits:UploadsPerHour", UploadsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Messenger:Limits:UploadBytesPerUser", QuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Messenger:Limits:ChatsCreatedPerHour", ChatsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture));

        public Uri Address => _server.Address;

        /// <summary>Files on disk whose metadata names this uploader.</summary>
        public IEnumerable<string> Attachments(int uploaderId)
        {
            var db = Path.Combine(_server.DataPath, DataDirectory.ReadModelFileName);
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM attachments WHERE uploader_id = $u;";
            command.Parameters.AddWithValue("$u", uploaderId);
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            var onDisk = Directory.Exists(Path.Combine(_server.DataPath, DataDirectory.FilesFolderName))
                ? Directory.GetFiles(Path.Combine(_server.DataPath, DataDirectory.FilesFolderName)).Select(Path.GetFileName).ToHashSet()
                : [];
            Assert.All(ids, id => Assert.Contains(id, onDisk));
            return ids;
        }

        public Task InitializeAsync() => _server.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        async ValueTask IAsyncDisposable.DisposeAsync() => await _server.DisposeAsync();
    }
}
