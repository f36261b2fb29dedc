namespace ActorMessenger.Actors.Protocol;

public static class MessageTypes
{
    public const string Text = "text";
    public const string File = "file";
    public const string Image = "image";

    /// <summary>Written by the server: membership and chat changes.</summary>
    public const string System = "system";

    public static bool IsUserType(string type) => type is Text or File or Image;
}
