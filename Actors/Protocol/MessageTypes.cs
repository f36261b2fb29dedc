namespace ActorMessenger.Actors.Protocol;

public static class MessageTypes
{
    public const string Text = "text";
    public const string File = "file";
    public const string Image = "image";

    /// <summary>Written by the server: membership and chat changes.</summary>
    public const string System = "system";

    public static bool IsUserType(string type) => type is Text or File or Image;

    /// <summary>
    /// The file types an <c>image</c> message may carry: those browsers show inline, which is also
    /// how downloads serve them (anything else is served as an attachment).
    /// </summary>
    public static IReadOnlySet<string> ImageContentTypes { get; } =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "image/png", "image/jpeg", "image/gif", "image/webp" };
}
