using ActorMessenger.Actors.Protocol;
using ActorMessenger.Gateway.Api;
using ActorMessenger.Gateway.Hubs;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// While the server stops gracefully, new hub connections and every REST write get 503
/// <c>unavailable</c> with <c>Retry-After</c>: nothing new starts that the stop would have to wait
/// for or could cut off half way. Reads and pages go on being served until the listener closes.
/// </summary>
public static class StoppingRefusal
{
    /// <remarks>Not async: a hub connection's request lasts as long as the connection, and so would this frame.</remarks>
    public static IApplicationBuilder UseStoppingRefusal(this IApplicationBuilder app)
    {
        // Taken once: asked of each request's services, it would make a request scope that a hub socket keeps.
        var activity = app.ApplicationServices.GetRequiredService<HubActivity>();
        return app.Use((http, next) => Refuse(http, next, activity));
    }

    private static Task Refuse(HttpContext http, RequestDelegate next, HubActivity activity)
    {
        if (activity.Draining && Refused(http.Request))
        {
            http.Response.Headers.RetryAfter = "2";
            return ApiErrors.Error(ErrorCodes.Unavailable, "The server is stopping: try again in a moment.").ExecuteAsync(http);
        }

        return next(http);
    }

    public static bool Refused(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Path.StartsWithSegments("/hub", StringComparison.OrdinalIgnoreCase)
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
    }
}
