using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>
/// A file's bytes read from <c>attachment_bytes</c> a chunk at a time, seekable so downloads can
/// answer range requests without loading the whole file.
/// </summary>
internal sealed class ChunkedAttachmentStream(PostgresDatabase database, string id, long length, int chunkSize) : Stream
{
    private byte[] _chunk = [];
    private long _chunkIndex = -1;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        var index = _position / chunkSize;
        if (index != _chunkIndex)
        {
            _chunk = await database.RunAsync(
                async (connection, ct) => await Scalar(connection, "SELECT data FROM attachment_bytes WHERE file_id = @id AND chunk = @chunk;", ct, ("id", id), ("chunk", (int)index)).ConfigureAwait(false) as byte[] ?? [],
                cancellationToken).ConfigureAwait(false);
            _chunkIndex = index;
        }

        var within = (int)(_position - (index * chunkSize));
        var n = Math.Min(buffer.Length, _chunk.Length - within);
        if (n <= 0)
        {
            return 0;
        }

        _chunk.AsMemory(within, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
