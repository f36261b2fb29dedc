using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorMessenger.Admin.Backups;
using ActorMessenger.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ActorMessenger.Tests.Admin;

/// <summary>One server for the class (schedule off), with the demo admin.</summary>
public sealed class BackupServerFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TempDirectory _data = new();

    public RunningServer Server { get; private set; } = null!;

    public Uri Address => Server.BaseAddress;

    public string AdminToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await RunningServer.StartAsync(_data.Path, "--Messenger:Backups:Every", "00:00:00", "--Messenger:Backups:Keep", "0");
        AdminToken = (await MessengerClient.LoginAsync(Address, "admin", "admin123")).Token;
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _data.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}

public sealed class BackupEndpointTests(BackupServerFixture fixture) : IClassFixture<BackupServerFixture>
{
    private static readonly string[] Databases = ["messenger.db", "snapshots.db", "history.db"];

    [Fact]
    public async Task Every_backup_endpoint_refuses_anonymous_callers_with_401_and_ordinary_users_with_403()
    {
        var user = await TestAccounts.Register(fixture.Address);
        using var anonymous = MessengerClient.Anonymous(fixture.Address);
        using var ordinary = MessengerClient.Authorized(fixture.Address, user.Token);
        using var admin = MessengerClient.Authorized(fixture.Address, fixture.AdminToken);
        var name = await CreateBackup(admin);

        (HttpMethod Method, string Path)[] endpoints =
        [
            (HttpMethod.Post, "/admin/backup"),
            (HttpMethod.Get, "/admin/backups"),
            (HttpMethod.Get, "/admin/backups/current"),
            (HttpMethod.Get, $"/admin/backups/{name}"),
            (HttpMethod.Delete, $"/admin/backups/{name}"),
        ];
        foreach (var (method, path) in endpoints)
        {
            var refusedAnonymous = await anonymous.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.Unauthorized, refusedAnonymous.StatusCode);
            Assert.Equal("unauthorized", await CodeOf(refusedAnonymous));
            var refusedUser = await ordinary.SendAsync(new HttpRequestMessage(method, path));
            Assert.Equal(HttpStatusCode.Forbidden, refusedUser.StatusCode);
            Assert.Equal("forbidden", await CodeOf(refusedUser));
        }

        // The admin gets through every one of them (delete last, so the download still finds it).
        foreach (var (method, path) in endpoints)
        {
            var allowed = await admin.SendAsync(new HttpRequestMessage(method, path));
            Assert.True(allowed.IsSuccessStatusCode, $"{method} {path}: {allowed.StatusCode}");
        }
    }

    [Fact]
    public async Task A_backup_holds_every_database_the_attachments_and_the_keys_with_a_manifest_that_matches()
    {
        var (one, two) = await DemoPair();
        await using (one)
        await using (two)
        {
            var chatId = (await one.SendText(two.UserId, "до резервной копии")).GetProperty("chatId").GetString()!;
            var fileId = await Upload(one, chatId, "вложение"u8.ToArray());
            await one.Send(new { chatId, message = new { type = "file", fileId, text = "файл" } });

            using var admin = MessengerClient.Authorized(fixture.Address, fixture.AdminToken);
            var response = await admin.PostAsync(new Uri("/admin/backup", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(body.GetProperty("success").GetBoolean());
            var name = body.GetProperty("name").GetString()!;
            Assert.Equal(name, body.GetProperty("backup_file").GetString());
            Assert.Matches(@"^messenger_backup_\d{8}_\d{6}(_\d+)?\.zip$", name);

            var bytes = await admin.GetByteArrayAsync(new Uri($"/admin/backups/{name}", UriKind.Relative));
            Assert.Equal(body.GetProperty("size").GetInt64(), bytes.Length);
            using var zip = new ZipArchive(new MemoryStream(bytes));
            var manifest = JsonSerializer.Deserialize<BackupManifest>(zip.GetEntry("manifest.json")!.Open(), BackupManifest.Json)!;
            Assert.Equal("sqlite", manifest.Storage);
            Assert.Superset(new HashSet<string>(Databases.Append($"files/{fileId}").Append("signing.key")), manifest.Files.Select(f => f.Path).ToHashSet());
            Assert.Contains(manifest.Files, f => f.Kind == BackupKinds.Key);
            foreach (var file in manifest.Files)
            {
                var entry = zip.GetEntry(file.Path)!;
                using var content = new MemoryStream();
                await entry.Open().CopyToAsync(content);
                Assert.Equal(file.Size, content.Length);
                Assert.Equal(file.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.ToArray())));
            }

            Assert.True(manifest.Counts["messages"] >= 2);
            Assert.True(manifest.Counts["attachments"] >= 1);
            var users = (await admin.GetFromJsonAsync<JsonElement>("/api/users")).GetProperty("users").GetArrayLength();
            Assert.Equal(users, manifest.Counts["users"]);
        }
    }

    [Fact]
    public async Task Backups_are_listed_newest_first_downloaded_with_a_query_token_and_deleted()
    {
        using var admin = MessengerClient.Authorized(fixture.Address, fixture.AdminToken);
        var older = await CreateBackup(admin);
        var newer = await CreateBackup(admin);

        var list = await admin.GetFromJsonAsync<JsonElement>("/admin/backups");
        var names = list.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("name").GetString()).ToList();
        Assert.True(names.IndexOf(newer) >= 0 && names.IndexOf(newer) < names.IndexOf(older), string.Join(", ", names));
        Assert.All(list.GetProperty("backups").EnumerateArray(), b => Assert.True(b.GetProperty("size").GetInt64() > 0));

        // A download link carries the token in the query, as attachment links do.
        using var anonymous = MessengerClient.Anonymous(fixture.Address);
        var link = await anonymous.GetAsync(new Uri($"/admin/backups/{older}?access_token={fixture.AdminToken}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, link.StatusCode);
        Assert.Equal("application/zip", link.Content.Headers.ContentType?.MediaType);

        var deleted = await admin.DeleteAsync(new Uri($"/admin/backups/{older}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var after = await admin.GetFromJsonAsync<JsonElement>("/admin/backups");
        Assert.DoesNotContain(older, after.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri($"/admin/backups/{older}", UriKind.Relative))).StatusCode);
        var again = await admin.DeleteAsync(new Uri($"/admin/backups/{older}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("not_found", await CodeOf(again));

        // Both actions are in the audit log, with the admin who did them.
        var audit = (await admin.GetFromJsonAsync<JsonElement>("/admin/audit")).GetProperty("entries").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Target: e.GetProperty("target").GetString(), Admin: e.GetProperty("adminName").GetString())).ToList();
        Assert.Contains(("backup_taken", newer, "admin"), audit);
        Assert.Contains(("backup_deleted", older, "admin"), audit);
    }

    [Theory]
    [InlineData("..%2Fsigning.key")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("messenger.db")]
    [InlineData("messenger_backup_20261201_123005.zip.partial")]
    [InlineData("%2E%2E")]
    public async Task A_name_that_is_not_a_backup_name_is_refused_and_reaches_no_file(string name)
    {
        using var admin = MessengerClient.Authorized(fixture.Address, fixture.AdminToken);
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            var response = await admin.SendAsync(new HttpRequestMessage(method, $"/admin/backups/{name}"));

            // The client resolves "%2E%2E" to "/admin/", the panel's page: that request never reached the backups.
            var page = method == HttpMethod.Get && response.RequestMessage!.RequestUri!.AbsolutePath == "/admin/" && response.Content.Headers.ContentType?.MediaType == "text/html";
            Assert.True(page || response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{method} {name}: {response.StatusCode}");
            Assert.NotEqual("application/zip", response.Content.Headers.ContentType?.MediaType);
        }

        var dataDir = fixture.Server.Services.GetRequiredService<ActorMessenger.Persistence.DataDirectory>();
        Assert.True(File.Exists(dataDir.File("signing.key")));
        Assert.True(File.Exists(dataDir.File("messenger.db")));
    }

    [Fact]
    public async Task A_second_backup_while_one_is_being_taken_gets_409_and_the_panel_sees_its_progress()
    {
        var backups = fixture.Server.Services.GetRequiredService<BackupService>();
        using var admin = MessengerClient.Authorized(fixture.Address, fixture.AdminToken);
        using var hold = new SemaphoreSlim(0);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;

        // Holds the first backup at its first progress report until the test lets it go.
        void Hold(BackupStatus status)
        {
            if (status.Running && Interlocked.Exchange(ref held, 1) == 0)
            {
                running.SetResult();
                hold.Wait(TimeSpan.FromSeconds(30));
            }
        }

        backups.Changed += Hold;
        try
        {
            var first = admin.PostAsync(new Uri("/admin/backup", UriKind.Relative), null);
            await running.Task.WaitAsync(TimeSpan.FromSeconds(15));

            var second = await admin.PostAsync(new Uri("/admin/backup", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Equal("backup_in_progress", await CodeOf(second));

            var current = await admin.GetFromJsonAsync<JsonElement>("/admin/backups/current");
            Assert.True(current.GetProperty("running").GetBoolean());
            Assert.StartsWith("messenger_backup_", current.GetProperty("current").GetProperty("name").GetString(), StringComparison.Ordinal);
            Assert.Equal("manual", current.GetProperty("current").GetProperty("trigger").GetString());

            hold.Release();
            var done = await first;
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            var name = (await done.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString();
            var after = await admin.GetFromJsonAsync<JsonElement>("/admin/backups/current");
            Assert.False(after.GetProperty("running").GetBoolean());
            Assert.True(after.GetProperty("last").GetProperty("success").GetBoolean());
            Assert.Equal(name, after.GetProperty("last").GetProperty("name").GetString());
        }
        finally
        {
            backups.Changed -= Hold;
            hold.Release();
        }
    }

    internal static async Task<string> CreateBackup(HttpClient admin)
    {
        var response = await admin.PostAsync(new Uri("/admin/backup", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
    }

    internal static async Task<string> Upload(MessengerClient client, string chatId, byte[] bytes)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new ByteArrayContent(bytes) { Headers = { ContentType = new("text/plain") } }, "file", "заметка.txt" },
        };
        var upload = await client.Http.PostAsync(new Uri("/api/files", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetString()!;
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private async Task<(MessengerClient One, MessengerClient Two)> DemoPair()
    {
        var a = await TestAccounts.Register(fixture.Address);
        var b = await TestAccounts.Register(fixture.Address);
        return (await TestAccounts.Device(fixture.Address, a), await TestAccounts.Device(fixture.Address, b));
    }
}
