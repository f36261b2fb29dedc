using System.Text.Json;
using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>Reads a JSON request body, turning every kind of bad body into a 400 with a code.</summary>
public static class JsonBody
{
    public static async Task<T> Read<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            throw new MessengerException(ErrorCodes.InvalidRequest, "Send a JSON body with Content-Type: application/json.");
        }

        try
        {
            return await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted).ConfigureAwait(false)
                ?? throw new MessengerException(ErrorCodes.InvalidRequest, "The body is empty.");
        }
        catch (JsonException ex)
        {
            throw new MessengerException(ErrorCodes.MalformedJson, $"The body is not valid JSON for this call ({ex.Path ?? "root"}).");
        }
    }
}
