using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>
/// One statement prepared once on a connection and run with its parameters bound by position,
/// through SQLite's own API. For the statements that run once per stored message (the journal's
/// insert, the history projection's): a <see cref="SqliteCommand"/> looks every parameter up by name
/// (its name encoded to UTF-8 each time), makes a data reader and walks the command's statements on
/// each execution, and encodes each text to a new UTF-8 array. Here text is encoded into a buffer on
/// the stack (the same UTF-8, so the same stored bytes) and a blob is bound straight from its array.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    public PreparedStatement Bind(int index, long value) => Checked(raw.sqlite3_bind_int64(_statement, index, value));

    public PreparedStatement Bind(int index, string? value) =>
        value is null ? Checked(raw.sqlite3_bind_null(_statement, index)) : Bind(index, value.AsSpan());

    public PreparedStatement Bind(int index, ReadOnlySpan<char> value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var utf8 = most <= 1024 ? stackalloc byte[most] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            return BindUtf8(index, utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Binds text already encoded as UTF-8 (a JSON body written straight to bytes); SQLite copies it before this returns.</summary>
    public PreparedStatement BindUtf8(int index, ReadOnlySpan<byte> value) =>
        // An empty span is bound as a null pointer, which SQLite stores as NULL, not as ''.
        Checked(value.IsEmpty ? raw.sqlite3_bind_text(_statement, index, string.Empty) : raw.sqlite3_bind_text(_statement, index, value));

    public PreparedStatement Bind(int index, byte[] value) =>
        Checked(value.Length == 0 ? raw.sqlite3_bind_zeroblob(_statement, index, 0) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs the statement to its end; returns the first column of its first row as an integer, or null without a row.</summary>
    public long? Run()
    {
        long? first = null;
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc == raw.SQLITE_ROW)
            {
                first = raw.sqlite3_column_int64(_statement, 0);
                while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
                {
                }
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            // A statement left unreset keeps its transaction's read (or write) open.
            raw.sqlite3_reset(_statement);
        }

        return first;
    }

    /// <summary>Runs the statement; adds the first column of each row it returns, as text, to <paramref name="into"/>.</summary>
    public void Strings(ISet<string> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                into.Add(raw.sqlite3_column_text(_statement, 0).utf8_to_string());
            }

            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private PreparedStatement Checked(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return this;
    }
}
