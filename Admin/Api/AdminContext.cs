using ActorMessenger.Actors;
using ActorMessenger.Actors.Protocol;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static ActorMessenger.Actors.Protocol.AdminProtocol;

namespace ActorMessenger.Admin.Api;

/// <summary>What an admin request works with: who asks, when, the actors it talks to, and the audit log.</summary>
/// <remarks>
/// Bound from the request by the endpoints (<see cref="BindAsync"/>) rather than made from an
/// <c>IHttpContextAccessor</c>, which would put an async-local holder on every request, hub sockets included.
/// </remarks>
public sealed class AdminContext(
    HttpContext http,
    IAdminCaller caller,
    TimeProvider clock,
    IRequiredActor<DirectoryKey> directory,
    IRequiredActor<UserRegionKey> users,
    IRequiredActor<ChatRegionKey> chats,
    IRequiredActor<AuditKey> audit)
{
    internal static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);
    private readonly (int Id, string Name) _caller = caller.Identify(http.User);

    /// <summary>Minimal APIs bind an <see cref="AdminContext"/> parameter through this.</summary>
    public static ValueTask<AdminContext?> BindAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        return ValueTask.FromResult<AdminContext?>(new AdminContext(
            http,
            services.GetRequiredService<IAdminCaller>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IRequiredActor<DirectoryKey>>(),
            services.GetRequiredService<IRequiredActor<UserRegionKey>>(),
            services.GetRequiredService<IRequiredActor<ChatRegionKey>>(),
            services.GetRequiredService<IRequiredActor<AuditKey>>()));
    }

    public int AdminId => _caller.Id;

    public string AdminName => _caller.Name;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public CancellationToken Aborted => http.RequestAborted;

    public IActorRef Directory => directory.ActorRef;

    public IActorRef Users => users.ActorRef;

    public IActorRef Chats => chats.ActorRef;

    /// <summary>Records the action; the request is answered only once it is on disk.</summary>
    public Task<AuditEntry> Audit(string action, string? target, string? details) =>
        audit.ActorRef.AskFor<AuditEntry>(new RecordAction(Now, AdminId, AdminName, action, target, details), AskTimeout, Aborted);
}
