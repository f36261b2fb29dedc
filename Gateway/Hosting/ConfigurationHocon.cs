using System.Text;
using System.Text.Json;
using Akka.Configuration;

namespace ActorMessenger.Gateway.Hosting;

/// <summary>
/// Lets standard configuration override any HOCON path: the key <c>Hocon:messenger:max-text-length</c>
/// (command line <c>--Hocon:messenger:max-text-length 2000</c>, environment
/// <c>Hocon__messenger__max-text-length=2000</c>) becomes <c>messenger.max-text-length = "2000"</c>.
/// </summary>
public static class ConfigurationHocon
{
    public const string Section = "Hocon";

    public static Config From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = new StringBuilder();
        foreach (var (key, value) in configuration.GetSection(Section).AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue;
            }

            // Quoted segments and values: HOCON reads "2000" as a number and "2m" as a duration where asked.
            var path = string.Join('.', key.Split(':').Select(segment => JsonSerializer.Serialize(segment)));
            text.Append(path).Append(" = ").AppendLine(JsonSerializer.Serialize(value));
        }

        return text.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(text.ToString());
    }
}
