using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using static ActorMessenger.Persistence.Postgres.PostgresSql;

namespace ActorMessenger.Persistence.Postgres;

/// <summary>ASP.NET Core's data-protection key ring in the shared database, so every node reads what another protected.</summary>
public sealed class PostgresXmlRepository(PostgresDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenConnection();
        using var read = Command(connection, "SELECT xml FROM data_protection_keys ORDER BY name;");
        var elements = new List<XElement>();
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = database.OpenConnection();
        using var write = Command(
            connection,
            "INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO UPDATE SET xml = excluded.xml;",
            ("name", string.IsNullOrEmpty(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName),
            ("xml", element.ToString(SaveOptions.DisableFormatting)));
        write.ExecuteNonQuery();
    }
}
