using System.Text.Json;
using ActorMessenger.Actors.Protocol;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The browser client built from <c>Web/</c> into <c>wwwroot</c> (committed, stable names): static files,
/// <c>index.html</c> for every client route, the old pages' <c>/client-config.js</c>, and the headers
/// every response carries. JSON paths (<c>/api</c>, <c>/hub</c>, <c>/admin/…</c>) never get the page;
/// the bare <c>/admin</c> (and <c>/admin/</c>) is the admin panel's page, <c>admin.html</c>.
/// </summary>
public static class WebClient
{
    /// <summary>Paths that belong to the server, not to the client's router.</summary>
    private static readonly string[] ServerPrefixes = ["/api", "/hub", "/admin", "/health"];

    /// <summary>
    /// Inline scripts are never allowed; inline styles are (the emoji picker styles its shadow DOM). A page
    /// may reach the cluster's other nodes (<paramref name="nodes"/>: their origins), where its client goes
    /// on when its own node dies: their API, hub and files.
    /// </summary>
    public static string PagePolicy(IEnumerable<string> nodes)
    {
        var others = string.Concat(nodes.SelectMany(o => new[] { " " + o, " " + (o.StartsWith("https:", StringComparison.Ordinal) ? "wss:" + o[6..] : "ws:" + o[5..]) }));
        return $"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{others}; " +
            $"connect-src 'self'{others}; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'; frame-ancestors 'none'";
    }

    // JSON, files and hub answers are never pages: nothing in them may load or run, nor be framed.
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /// <summary>Found beside the binary (the build copies it there), whatever folder the server starts from.</summary>
    public static string WebRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>The admin panel's page: only the bare path, every <c>/admin/&lt;name&gt;</c> is the admin API.</summary>
    private const string AdminPage = "/admin";

    /// <summary>Whether a path belongs to the server's JSON, hub and file answers rather than to the client's pages.</summary>
    public static bool IsServerPath(PathString path) =>
        !IsAdminPage(path) && Array.Exists(ServerPrefixes, p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>A server answer rather than a page: server paths, and anything but GET or HEAD sent to the admin page.</summary>
    private static bool IsServerAnswer(HttpRequest request) =>
        IsServerPath(request.Path) || (IsAdminPage(request.Path) && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method));

    private static bool IsAdminPage(PathString path) =>
        path.Equals(AdminPage, StringComparison.OrdinalIgnoreCase) || path.Equals(AdminPage + "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Set as the answer starts, so that error answers (whose headers the exception handler clears) carry
    /// them too. API answers are never cached (login answers carry tokens); pages and assets that say how
    /// they may be cached keep it.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            http.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                var api = IsServerAnswer(http.Request);
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers[HeaderNames.XFrameOptions] = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers[HeaderNames.ContentSecurityPolicy] = api ? ApiPolicy : PagePolicy(http.RequestServices.GetRequiredService<ClusterOrigins>().Known);
                if (api || headers.CacheControl.Count == 0)
                {
                    headers[HeaderNames.CacheControl] = "no-store";
                }

                return Task.CompletedTask;
            }, http);
            return next(http);
        });

    public static IApplicationBuilder UseWebClientFiles(this IApplicationBuilder app)
    {
        var files = new PhysicalFileProvider(Directory.Exists(WebRoot) ? WebRoot : AppContext.BaseDirectory);
        var types = new FileExtensionContentTypeProvider();
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,

            // Names are stable, so browsers must revalidate (ETag) rather than keep an old build.
            OnPrepareResponse = ctx => ctx.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }

    public static void MapWebClient(this IEndpointRouteBuilder app)
    {
        app.MapGet("/client-config.js", ClientConfig).AllowAnonymous();
        app.MapMethods(AdminPage, [HttpMethods.Get, HttpMethods.Head], http => SendPage(http, "admin.html")).AllowAnonymous();
        app.MapFallback(Fallback).AllowAnonymous();
    }

    /// <summary>What old pages read as <c>SERVER_CONFIG</c>; the messenger reads the upload limit from it.</summary>
    private static IResult ClientConfig(HttpContext http, IOptions<MessengerOptions> options)
    {
        var config = new { serverUrl = $"{http.Request.Scheme}://{http.Request.Host}", maxUploadBytes = options.Value.MaxUploadBytes };
        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        return Results.Text($"window.SERVER_CONFIG = {JsonSerializer.Serialize(config)};\n", "text/javascript; charset=utf-8");
    }

    private static async Task Fallback(HttpContext http)
    {
        if (IsServerAnswer(http.Request))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            await http.Response.WriteAsJsonAsync(new { success = false, code = ErrorCodes.NotFound, error = "No such endpoint." });
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await SendPage(http, "index.html");
    }

    private static async Task SendPage(HttpContext http, string name)
    {
        var page = Path.Combine(WebRoot, name);
        if (!File.Exists(page))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
        await http.Response.SendFileAsync(page);
    }
}
