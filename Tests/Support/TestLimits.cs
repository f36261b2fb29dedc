namespace ActorMessenger.Tests.Support;

/// <summary>
/// Servers under test run with the abuse limits out of the way (tests log in, send and connect far
/// faster than people do, all from one address); a test of a limit passes its own value after these.
/// </summary>
public static class TestLimits
{
    public static readonly string[] OutOfTheWay =
    [
        "--Messenger:AuthAttemptsPerMinute", "10000",
        "--Messenger:RegistrationsPerAddressPerHour", "100000",
        "--Messenger:Login:FreeFailures", "100000",
        "--Messenger:Login:FreeFailuresEverywhere", "100000",
        "--Messenger:Limits:SendBurst", "100000",
        "--Messenger:Limits:SendsPerSecond", "100000",
        "--Messenger:Limits:UploadsPerHour", "100000",
        "--Messenger:Limits:ChatsCreatedPerHour", "100000",
        "--Messenger:Limits:MinFreeDiskBytes", "0",
        "--Messenger:Connections:PerAddress", "0",
        "--Messenger:Connections:HubConnectionsPerUser", "0",
    ];
}
