using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// The console for people, not for log parsers: an information line is its time and its text, a
/// warning or error says so first (with its source and trace), the start-up banner is bare text.
/// <c>--verbose</c> keeps ASP.NET Core's own format.
/// </summary>
public sealed class CalmConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "calm";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        if (logEntry.Category != typeof(StartupBanner).FullName)
        {
            textWriter.Write(DateTime.Now.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        }

        var label = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warning: ",
            LogLevel.Error => "error: ",
            LogLevel.Critical => "critical: ",
            LogLevel.Debug or LogLevel.Trace => "debug: ",
            _ => string.Empty,
        };
        textWriter.Write(label);
        textWriter.Write(message);
        if (logEntry.LogLevel >= LogLevel.Warning && logEntry.Category != typeof(StartupBanner).FullName)
        {
            textWriter.Write(" [");
            textWriter.Write(logEntry.Category);
            textWriter.Write(']');
        }

        textWriter.WriteLine();
        if (logEntry.Exception is not null)
        {
            textWriter.WriteLine(logEntry.Exception.ToString());
        }
    }
}
