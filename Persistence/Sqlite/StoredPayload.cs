namespace ActorMessenger.Persistence.Sqlite;

/// <summary>A payload as Akka.Persistence.Sql's journal and snapshot rows hold it, read back.</summary>
internal static class StoredPayload
{
    /// <summary>
    /// Rows without a serializer id name their type in the manifest (Akka.Persistence.Sql reads them so too).
    /// </summary>
    public static object Read(Akka.Serialization.Serialization serialization, byte[] bytes, int? serializerId, string manifest)
    {
        if (serializerId is { } id)
        {
            return serialization.Deserialize(bytes, id, manifest);
        }

        var type = Type.GetType(manifest, throwOnError: true)!;
        return serialization.Deserialize(bytes, serialization.FindSerializerForType(type).Identifier, type);
    }
}
