namespace ActorMessenger.Actors.Protocol;

/// <summary>Machine-readable error codes shared by the hub, the REST API and the actors.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string MalformedJson = "malformed_json";
    public const string EmptyText = "empty_text";
    public const string TextTooLong = "text_too_long";
    public const string UnsupportedType = "unsupported_type";
    public const string InvalidClientId = "invalid_client_id";
    public const string InvalidChatId = "invalid_chat_id";
    public const string UnknownChat = "unknown_chat";
    public const string UnknownUser = "unknown_user";
    public const string NotMember = "not_member";
    public const string IdentityMismatch = "identity_mismatch";
    public const string InvalidUsername = "invalid_username";
    public const string InvalidPassword = "invalid_password";
    public const string InvalidFullName = "invalid_full_name";
    public const string UsernameTaken = "username_taken";
    public const string InvalidCredentials = "invalid_credentials";
    public const string InvalidSequence = "invalid_sequence";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string Unavailable = "unavailable";
    public const string NotFound = "not_found";
    public const string MessageDeleted = "message_deleted";
    public const string InvalidEmoji = "invalid_emoji";
    public const string InvalidRole = "invalid_role";
    public const string InvalidInvite = "invalid_invite";
    public const string InviteRequired = "invite_required";
    public const string InviteRevoked = "invite_revoked";
    public const string InviteExpired = "invite_expired";
    public const string InviteUsedUp = "invite_used_up";
    public const string InvalidTitle = "invalid_title";
    public const string TooManyMembers = "too_many_members";
    public const string InvalidAttachment = "invalid_attachment";
    public const string FileTooLarge = "file_too_large";
    public const string InvalidQuery = "invalid_query";
    public const string InvalidBackupName = "invalid_backup_name";
    public const string BackupInProgress = "backup_in_progress";
    public const string BackupFailed = "backup_failed";
    public const string AccountBlocked = "account_blocked";
    public const string ConfirmationRequired = "confirmation_required";
    public const string RegistrationClosed = "registration_closed";
    public const string QuotaExceeded = "quota_exceeded";
    public const string TooManyConnections = "too_many_connections";
    public const string InsufficientStorage = "insufficient_storage";

    /// <summary>A direct chat where one member blocked the other: no new messages either way.</summary>
    public const string Blocked = "blocked";

    /// <summary>The user's privacy setting or block list does not let the caller add them to a group or channel.</summary>
    public const string PrivacyRestricted = "privacy_restricted";
    public const string Internal = "internal_error";
}

/// <summary>A refusal by the actor that owns the state; nothing was persisted.</summary>
public sealed record Rejected(string Code, string Message);
