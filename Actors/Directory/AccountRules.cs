using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Actors.Directory;

/// <summary>What a username, full name and password must look like.</summary>
public static class AccountRules
{
    public const int MinUsername = 3;
    public const int MaxUsername = 32;
    public const int MinPassword = 6;
    public const int MaxPassword = 128;
    public const int MaxFullName = 100;
    public const int MaxBio = 500;
    public const int MaxAvatar = 512;

    public static Rejected? CheckUsername(string? username) =>
        username is null || username.Length < MinUsername || username.Length > MaxUsername
            || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-')
            ? new Rejected(ErrorCodes.InvalidUsername, $"Username must be {MinUsername}..{MaxUsername} characters: latin letters, digits, '_', '.', '-'.")
            : null;

    public static Rejected? CheckPassword(string? password) =>
        password is null || password.Length < MinPassword || password.Length > MaxPassword
            ? new Rejected(ErrorCodes.InvalidPassword, $"Password must be {MinPassword}..{MaxPassword} characters.")
            : null;

    public static Rejected? CheckFullName(string? fullName) =>
        fullName is not null && (fullName.Length > MaxFullName || fullName.Any(char.IsControl))
            ? new Rejected(ErrorCodes.InvalidFullName, $"Full name must be at most {MaxFullName} printable characters.")
            : null;

    public static Rejected? CheckProfile(string? avatar, string? bio) =>
        avatar is not null && (avatar.Length > MaxAvatar || avatar.Any(char.IsControl))
            ? new Rejected(ErrorCodes.InvalidRequest, $"avatar is at most {MaxAvatar} printable characters (an emoji, a URL or a file id).")
        : bio is not null && bio.Length > MaxBio
            ? new Rejected(ErrorCodes.InvalidRequest, $"bio is at most {MaxBio} characters.")
        : null;
}
