using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace ActorMessenger.Tests.Support;

/// <summary>
/// A running server's REST routes (from its endpoint table) and hubs with their methods (by
/// reflection, as SignalR finds them), so tests that must cover every endpoint need not list them.
/// </summary>
public static class RouteTable
{
    /// <summary>Every route, one per HTTP method (<c>*</c> for any); hubs' own routes included.</summary>
    public static IEnumerable<Route> Routes(IServiceProvider services) =>
        Endpoints(services)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => new Route(m, e)))
            .DistinctBy(r => r.Key);

    public static IEnumerable<HubRoute> Hubs(IServiceProvider services) =>
        Endpoints(services)
            .Select(e => (Path: Route.PathOf(e), Hub: e.Metadata.GetMetadata<HubMetadata>()?.HubType))
            .Where(h => h.Hub is not null && !h.Path.EndsWith("/negotiate", StringComparison.Ordinal))
            .DistinctBy(h => h.Path)
            .Select(h => new HubRoute(h.Path, IsAdminPath(h.Path), HubMethod.Of(h.Hub!).ToList()));

    /// <summary>The admin API and the admin hub: <c>/admin/…</c> and <c>/hub/admin…</c>.</summary>
    public static bool IsAdminPath(string path) =>
        path == "/admin" || path.StartsWith("/admin/", StringComparison.Ordinal) || path == "/hub/admin" || path.StartsWith("/hub/admin/", StringComparison.Ordinal);

    private static IEnumerable<RouteEndpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    public sealed record Route(string Method, RouteEndpoint Endpoint)
    {
        public string Path => PathOf(Endpoint);

        public string Key => $"{Method} {Path}";

        public bool IsAdmin => IsAdminPath(Path);

        public IReadOnlyList<RoutePatternParameterPart> Parameters => Endpoint.RoutePattern.Parameters;

        /// <summary>The path with each parameter replaced by <paramref name="valueOf"/>'s text, which must be escaped already.</summary>
        public string Fill(Func<RoutePatternParameterPart, string> valueOf)
        {
            var path = Path;
            foreach (var parameter in Parameters)
            {
                var text = "{" + (parameter.IsCatchAll ? "*" : string.Empty) + parameter.Name + string.Concat(parameter.ParameterPolicies.Select(p => ":" + p.Content)) + "}";
                path = path.Replace(text, valueOf(parameter), StringComparison.Ordinal);
            }

            return path;
        }

        public static string PathOf(RouteEndpoint endpoint)
        {
            var raw = endpoint.RoutePattern.RawText ?? string.Empty;
            var path = raw.StartsWith('/') || raw.StartsWith('{') ? raw : "/" + raw;
            return path.Length > 1 ? path.TrimEnd('/') : path;
        }
    }

    public sealed record HubRoute(string Path, bool IsAdmin, IReadOnlyList<HubMethod> Methods);

    /// <summary>A method a client may invoke, as SignalR finds them: public, not inherited from Hub or object.</summary>
    public sealed record HubMethod(string Name, int ArgumentCount)
    {
        public static IEnumerable<HubMethod> Of(Type hub) =>
            hub.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType is { } declared && declared != typeof(object) && declared != typeof(Hub) && !declared.IsGenericType)
                .Select(m => new HubMethod(
                    m.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? m.Name,
                    m.GetParameters().Count(p => p.ParameterType != typeof(CancellationToken))));

        public object?[] Arguments(JsonElement payload) => Enumerable.Repeat<object?>(payload, ArgumentCount).ToArray();
    }
}
