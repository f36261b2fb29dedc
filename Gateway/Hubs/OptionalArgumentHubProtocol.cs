using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace ActorMessenger.Gateway.Hubs;

/// <summary>
/// SignalR's JSON protocol, except that the hub methods named in <see cref="MethodsWithOptionalPayload"/>
/// may also be invoked with no argument (the method then gets null). SignalR binds arguments by count
/// and has no optional parameters, while the old client calls <c>user_online</c> both ways.
/// Registered after <c>AddJsonProtocol</c>, it takes the place of the plain one (same name).
/// </summary>
public sealed class OptionalArgumentHubProtocol(IOptions<JsonHubProtocolOptions> options) : IHubProtocol
{
    public static readonly IReadOnlySet<string> MethodsWithOptionalPayload = new HashSet<string>(StringComparer.Ordinal) { "user_online" };

    private readonly JsonHubProtocol _json = new(options);

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HubMessage? message)
    {
        var unread = input;
        if (!_json.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage { Target: { } target } && MethodsWithOptionalPayload.Contains(target)
            && _json.TryParseMessage(ref unread, new NoArguments(binder), out var bare)
            && bare is InvocationMessage { Arguments.Length: 0 } invocation)
        {
            message = new InvocationMessage(invocation.InvocationId, invocation.Target, [null], invocation.StreamIds) { Headers = invocation.Headers };
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    /// <summary>The hub's own binder, except that the method takes nothing: binds an empty argument list.</summary>
    private sealed class NoArguments(IInvocationBinder inner) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [];

        public Type GetReturnType(string invocationId) => inner.GetReturnType(invocationId);

        public Type GetStreamItemType(string streamId) => inner.GetStreamItemType(streamId);

        public string? GetTarget(ReadOnlySpan<byte> utf8Bytes) => inner.GetTarget(utf8Bytes);
    }
}
