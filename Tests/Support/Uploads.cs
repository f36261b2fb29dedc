using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace ActorMessenger.Tests.Support;

public static class Uploads
{
    /// <summary>Uploads a small text file to a chat with <c>POST /api/files</c>; returns its file id.</summary>
    public static Task<string> TextFile(MessengerClient device, string chatId, string name, string content) =>
        File(device, chatId, name, Encoding.UTF8.GetBytes(content), "text/plain");

    /// <summary>Uploads a file of any type to a chat with <c>POST /api/files</c>; returns its file id.</summary>
    public static async Task<string> File(MessengerClient device, string chatId, string name, byte[] content, string contentType)
    {
        ArgumentNullException.ThrowIfNull(device);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new ByteArrayContent(content) { Headers = { ContentType = new(contentType) } }, "file", name },
        };
        var upload = await device.Http.PostAsync(new Uri("/api/files", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileId").GetString()!;
    }
}
