using Microsoft.Data.Sqlite;

namespace ActorMessenger.Persistence.Sqlite;

/// <summary>One open connection of <see cref="SqliteReadConnections"/> and the commands prepared on it, by their text.</summary>
internal sealed class ReadConnection(SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command for this text, prepared on first use; set its parameters with <see cref="Set"/>.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Prepare();
            _commands.Add(sql, command);
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }
}

internal static class ReadCommandParameters
{
    /// <summary>Gives a parameter its value for this run, adding it on the command's first run.</summary>
    public static SqliteCommand Set(this SqliteCommand command, string name, object value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.AddWithValue(name, value);
        }
        else
        {
            parameters[index].Value = value;
        }

        return command;
    }
}
