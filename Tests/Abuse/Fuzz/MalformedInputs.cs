using System.Globalization;
using System.Text;

namespace ActorMessenger.Tests.Abuse.Fuzz;

/// <summary>
/// Makes malformed values from a <see cref="Random"/>: JSON of the wrong types and shapes, broken JSON,
/// bad UTF-8, huge and odd strings, numbers out of range. Everything comes from the one generator,
/// so a seed gives the same inputs again.
/// </summary>
public static class MalformedInputs
{
    /// <summary>Names the server reads somewhere, so a payload reaches past "unknown field" into the handlers.</summary>
    public static readonly string[] FieldNames =
    [
        "username", "password", "fullName", "currentPassword", "newPassword", "avatar", "bio", "role", "confirm",
        "chatId", "recipientId", "message", "text", "type", "clientId", "replyTo", "fileId", "seq", "emoji",
        "fromChatId", "title", "memberIds", "description", "icon", "name", "isPublic", "userIds", "userId",
        "invite", "regenerate", "expiresIn", "maxUses", "chats", "updateSeq", "limit", "senderId", "version", "notes",
    ];

    public static readonly string[] QueryNames = ["q", "chatId", "before", "after", "limit", "seq", "userId", "offset", "cursor", "type", "download", "name"];

    private static readonly string[] OddTexts =
    [
        string.Empty, " ", "null", "undefined", "NaN", "-0", "0x10", "1e309", "true", "[]", "{}", "../../etc/passwd", "..\\..\\boot.ini",
        "%00", "\0", "\u0001\u001f", "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE users; --", "g_general", "dm-1-2", "dm-2-1",
        "dm-1-1", "dm--1-2", "dm-99999999999-1", "c_", "g_", "g_general.secret", "ch_x.y.z", "😀", "\u202e\u200b", "Ω≈ç√", "\ud83d",
        "\ufffd", "a\u0000b", "${jndi:ldap://x}", "{{7*7}}", "%s%n%x", "\\", "/", "//", "*", "?", "#",
    ];

    private static readonly string[] OddNumbers =
    [
        "0", "-1", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "1e309", "-1e309", "1.5", "0.0000001", "1E+2", "99999999999999999999999999999", "-0",
    ];

    public static string Text(Random random) => random.Next(10) switch
    {
        0 => Huge(random),
        1 or 2 => OddTexts[random.Next(OddTexts.Length)],
        3 => OddNumbers[random.Next(OddNumbers.Length)],
        4 => RandomUnicode(random, random.Next(1, 40)),
        _ => RandomAscii(random, random.Next(0, 24)),
    };

    /// <summary>A string up to the size of a big request: longer than any field the server accepts.</summary>
    public static string Huge(Random random) => new(
        "aЖ😀<\"\\"[random.Next(6)], random.Next(4) == 0 ? random.Next(100_000, 300_000) : random.Next(5_000, 40_000));

    /// <summary>A JSON value of any type and shape, at most <paramref name="depth"/> deep (or deeper than any parser takes).</summary>
    public static string Json(Random random, int depth = 3)
    {
        var roll = random.Next(depth <= 0 ? 6 : 10);
        return roll switch
        {
            0 => "null",
            1 => random.Next(2) == 0 ? "true" : "false",
            2 => OddNumbers[random.Next(OddNumbers.Length)],
            3 or 4 => Quote(Text(random)),
            5 => random.Next(50) == 0 ? new string('[', 5000) + new string(']', 5000) : Quote(RandomAscii(random, 3)),
            6 or 7 => JsonObject(random, depth),
            8 when random.Next(30) == 0 => "[" + string.Join(',', Enumerable.Range(0, random.Next(5000)).Select(_ => OddNumbers[random.Next(OddNumbers.Length)])) + "]",
            8 => "[" + string.Join(',', Enumerable.Range(0, random.Next(6)).Select(_ => Json(random, depth - 1))) + "]",
            _ => JsonObject(random, depth),
        };
    }

    /// <summary>A JSON object with fields the server knows (and some it does not), each of any value.</summary>
    public static string JsonObject(Random random, int depth = 3)
    {
        var fields = Enumerable.Range(0, random.Next(0, 7)).Select(_ =>
        {
            var name = random.Next(8) == 0 ? Text(random) : FieldNames[random.Next(FieldNames.Length)];
            return Quote(name) + ":" + Json(random, depth - 1);
        });
        return "{" + string.Join(',', fields) + "}";
    }

    /// <summary>A body that is not what it claims to be: broken JSON, bad UTF-8, nothing, or a valid JSON of the wrong shape.</summary>
    public static byte[] Body(Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                var json = JsonObject(random);
                return Encoding.UTF8.GetBytes(json[..random.Next(json.Length)]);
            case 1:
                var bytes = Encoding.UTF8.GetBytes(JsonObject(random));
                for (var i = 0; i < 1 + (bytes.Length / 20); i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
                }

                return bytes;
            case 2:
                return [];
            case 3:
                var noise = new byte[random.Next(1, 2000)];
                random.NextBytes(noise);
                return noise;
            case 4:
                return Encoding.UTF8.GetBytes("{\"username\":\"\\ud800\",\"password\":\"\\u0000\",\"text\":\"\\uDFFF\\uD800\"}");
            default:
                return Encoding.UTF8.GetBytes(Json(random));
        }
    }

    /// <summary>A multipart body, often cut short, with odd names, boundaries and part headers.</summary>
    public static (byte[] Body, string ContentType) Multipart(Random random)
    {
        var boundary = random.Next(6) == 0 ? Text(random).Replace("\"", string.Empty, StringComparison.Ordinal) : "b" + random.Next();
        var text = new StringBuilder();
        foreach (var _ in Enumerable.Range(0, random.Next(0, 4)))
        {
            text.Append("--").Append(boundary).Append("\r\n");
            var field = random.Next(3) switch { 0 => "chatId", 1 => "file", _ => Text(random) };
            var fileName = random.Next(3) == 0 ? Text(random) : "a.txt";
            text.Append(random.Next(8) == 0 ? "Content-Disposition: " + Text(random) : $"Content-Disposition: form-data; name=\"{field}\"; filename=\"{fileName}\"")
                .Append("\r\n");
            if (random.Next(2) == 0)
            {
                text.Append("Content-Type: ").Append(random.Next(3) == 0 ? Text(random) : "text/plain").Append("\r\n");
            }

            text.Append("\r\n").Append(field == "chatId" ? Text(random) : RandomAscii(random, random.Next(0, 300))).Append("\r\n");
        }

        if (random.Next(3) != 0)
        {
            text.Append("--").Append(boundary).Append("--\r\n");
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        if (random.Next(2) == 0 && body.Length > 0)
        {
            body = body[..random.Next(body.Length)];
        }

        var type = random.Next(5) switch
        {
            0 => "multipart/form-data",
            1 => $"multipart/form-data; boundary=\"{boundary}\"; boundary=other",
            2 => "multipart/form-data; boundary=" + new string('x', random.Next(71, 300)),
            _ => $"multipart/form-data; boundary=\"{boundary}\"",
        };
        return (body, type);
    }

    public static string ContentType(Random random) => random.Next(9) switch
    {
        0 => "text/plain",
        1 => "application/xml",
        2 => "application/x-www-form-urlencoded",
        3 => "application/json; charset=latin1",
        4 => "application/json; charset=utf-7",
        5 => Text(random),
        6 => "application/*",
        _ => "application/json",
    };

    /// <summary>A value for a route parameter or query: an odd text, a number out of range, or escapes that decode badly.</summary>
    public static string PathValue(Random random) => random.Next(8) switch
    {
        0 => OddNumbers[random.Next(OddNumbers.Length)],
        1 => "%C3%28%FF%FE%00",
        2 => "..%2F..%2F..%2Fetc%2Fpasswd",
        3 => new string('9', random.Next(20, 400)),
        _ => Uri.EscapeDataString(Text(random) is { Length: < 2000 } text ? text : "long"),
    };

    public static string RandomAscii(Random random, int length) =>
        string.Create(length, random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)r.Next(0x20, 0x7f);
            }
        });

    private static string RandomUnicode(Random random, int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var code = random.Next(3) switch { 0 => random.Next(0x20, 0x7f), 1 => random.Next(0x400, 0x500), _ => random.Next(0x1F300, 0x1F64F) };
            text.Append(char.ConvertFromUtf32(code));
        }

        return text.ToString();
    }

    /// <summary>A JSON string literal of <paramref name="text"/>, lone surrogates and control characters escaped as JSON allows.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                _ when c < 0x20 || char.IsSurrogate(c) => quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
