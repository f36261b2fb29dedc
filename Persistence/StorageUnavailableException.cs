namespace ActorMessenger.Persistence;

/// <summary>The store could not be reached at start; the message says which and why (never a password).</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : InvalidOperationException(message, inner);
