using ActorMessenger.Actors.Protocol;

namespace ActorMessenger.Admin.Updates;

/// <summary>
/// This node's copy of the update notice in force, read when a client connects (no actor is asked on
/// that path); kept current by the node's <see cref="UpdateBoardActor"/>.
/// </summary>
public sealed class UpdateBoard
{
    private volatile UpdateNotice? _current;
    private volatile bool _known;
    private readonly TaskCompletionSource _heard = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UpdateNotice? Current => _current;

    /// <summary>False until the node has heard from the update-notice singleton once.</summary>
    public bool Known => _known;

    /// <summary>Completes once the node has heard from the singleton (right after a start, a client may connect first).</summary>
    public Task WhenKnown => _heard.Task;

    public void Set(UpdateNotice? notice)
    {
        _current = notice;
        _known = true;
        _heard.TrySetResult();
    }
}
