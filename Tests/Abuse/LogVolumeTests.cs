using System.Diagnostics;
using System.Net;
using ActorMessenger.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging;
using Xunit;

namespace ActorMessenger.Tests.Abuse;

/// <summary>Refused calls are one line each without a trace, and repeated refusals write a bounded number of lines.</summary>
public sealed class LogVolumeTests
{
    private const int LinesPerMinute = 5;
    private const int Calls = 300;

    [Fact]
    public async Task Hundreds_of_refused_hub_and_rest_calls_write_a_bounded_number_of_lines_without_traces()
    {
        var logs = new CapturedLogs();
        await using var server = new TempDirectoryServer(
            "--Logging:LogLevel:Default", "Information",
            "--Logging:LogLevel:Microsoft.AspNetCore", "Warning",
            "--Messenger:RefusalLogLinesPerMinute", LinesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Customize = logs.AddTo,
        };
        await server.StartAsync();
        await using var device = await MessengerClient.ConnectAsync(server.Address, "user1", "123456");
        var before = logs.Lines.Count;
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal("unknown_chat", await HubErrors.CodeOf(() => device.Hub.InvokeAsync<object>("mark_read", new { chatId = "g_nothing_here", seq = 1 })));
            Assert.Equal("unknown_user", await HubErrors.CodeOf(() => device.SendText(987654, "hello")));
            var response = await device.Http.GetAsync(new Uri("/api/chats/g_nothing_here", UriKind.Relative));
            Assert.InRange((int)response.StatusCode, 400, 499);
        }

        // The connection still works after all this.
        var sent = await device.SendText(2, "still here");
        Assert.True(sent.GetProperty("seq").GetInt64() > 0);

        var minutes = (int)clock.Elapsed.TotalMinutes + 1;
        var written = logs.Lines.Skip(before).ToList();
        var refusals = written.Where(l => l.Message.StartsWith("Refused", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(refusals);

        // Three kinds of refusal, each at most its bucket per started minute.
        Assert.InRange(refusals.Count, 1, 3 * LinesPerMinute * minutes);
        Assert.All(refusals, l => Assert.True(l.Level <= LogLevel.Information && l.Exception is null, l.Message));
        Assert.InRange(written.Count, 0, refusals.Count + 20);
        Assert.DoesNotContain(written, l => l.Exception is not null || l.Level >= LogLevel.Error);
        Assert.Contains(refusals, l => l.Message.Contains("unknown_user", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_upload_is_not_logged_as_a_fault()
    {
        var logs = new CapturedLogs();
        await using var server = new TempDirectoryServer("--Logging:LogLevel:Default", "Information") { Customize = logs.AddTo };
        await server.StartAsync();
        var (_, token) = await MessengerClient.LoginAsync(server.Address, "user1", "123456");
        using var http = MessengerClient.Authorized(server.Address, token);
        using var content = new StringContent("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nabc");
        content.Headers.ContentType = new("multipart/form-data") { Parameters = { new("boundary", "B") } };
        var response = await http.PostAsync(new Uri("/api/files", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(logs.Lines, l => l.Exception is not null || l.Level >= LogLevel.Error);
    }
}
