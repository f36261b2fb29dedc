using System.Text.Json;
using ActorMessenger.Actors;
using ActorMessenger.Gateway.Hubs;
using Xunit;

namespace ActorMessenger.Tests.Gateway;

public sealed class SendRequestsSpecs
{
    public static TheoryData<string> Payloads => new()
    {
        """{"recipientId":2,"message":{"text":"hi","clientId":"c1"}}""",
        """{"chatId":"dm-1-2","message":{"text":"hi","type":"text","replyTo":3,"fileId":null}}""",
        """{"ChatId":"g-1","RECIPIENTID":"2","Message":{"Text":"hi","REPLYTO":"4","extra":[1,2]},"other":{"a":1}}""",
        """{"recipientId":2,"recipientId":3,"message":{"text":"a","text":"b"}}""",
        """{"recipientId":null,"chatId":null,"message":null}""",
        """{"senderId":1,"message":{"text":"hi","senderId":"1"}}""",
        """{}""",
        """{"recipientId":"two","message":{"text":"hi"}}""",
        """{"recipientId":2.5,"message":{"text":"hi"}}""",
        """{"recipientId":true}""",
        """{"chatId":5,"message":{"text":"hi"}}""",
        """{"message":"hi"}""",
        """{"message":{"text":7}}""",
        """{"message":{"replyTo":"x"}}""",
        """{"message":{"clientId":{}}}""",
        """{"senderId":2,"message":{"text":"hi"}}""",
        """{"message":{"text":"hi","userId":5}}""",
        """[1]""",
        """null""",
        """ "text" """,
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Reads_a_send_as_the_generic_parse_does(string json)
    {
        using var document = JsonDocument.Parse(json);
        var payload = document.RootElement;
        var expected = Outcome(() => HubRequests.Parse<HubRequests.SendMessage>(payload, caller: 1));
        var actual = Outcome(() => SendRequests.Parse(payload, caller: 1));
        Assert.Equal(expected, actual);
    }

    private static string Outcome(Func<HubRequests.SendMessage> parse)
    {
        try
        {
            return parse().ToString();
        }
        catch (MessengerException ex)
        {
            return $"{ex.Code}: {ex.Message}";
        }
    }
}
