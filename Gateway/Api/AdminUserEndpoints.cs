using ActorMessenger.Actors;
using ActorMessenger.Actors.Directory;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Admin;
using ActorMessenger.Admin.Api;
using ActorMessenger.Gateway.Auth;
using ActorMessenger.Gateway.Hosting;
using static ActorMessenger.Actors.Protocol.DirectoryProtocol;

namespace ActorMessenger.Gateway.Api;

/// <summary>
/// <c>POST /admin/users</c>: an admin makes an account (the way in when open registration is off). Here
/// rather than in Admin because passwords are hashed by the gateway; the new account starts no session.
/// </summary>
public static class AdminUserEndpoints
{
    public sealed record CreateRequest(string? Username, string? Password, string? FullName, string? Role);

    public static void MapAdminUserEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/admin/users").RequireAuthorization(AdminEndpoints.Policy).WithMessengerErrors().MapPost("/", Create);
    }

    private static async Task<IResult> Create(HttpRequest http, MessengerActors actors, PasswordHashing hashing, AdminContext admin)
    {
        var request = await JsonBody.Read<CreateRequest>(http);
        var role = request.Role ?? Roles.User;
        if (role is not (Roles.User or Roles.Admin))
        {
            return ApiErrors.Error(ErrorCodes.InvalidRole, "role is 'user' or 'admin'.");
        }

        if ((AccountRules.CheckUsername(request.Username) ?? AccountRules.CheckPassword(request.Password) ?? AccountRules.CheckFullName(request.FullName)) is { } invalid)
        {
            return ApiErrors.Error(invalid.Code, invalid.Message);
        }

        var registered = await actors.AskDirectory<Registered>(new Register(request.Username!, hashing.Hash(request.Password!), request.FullName ?? string.Empty, role));
        var account = registered.Account;
        await admin.Audit(AuditActions.UserCreated, account.Username, role);
        return Results.Ok(new { success = true, user = new { id = account.Id, username = account.Username, fullName = account.FullName, role = account.Role } });
    }
}
