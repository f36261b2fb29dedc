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

    public UpdateNotice? Current => _current;

    /// <summary>False until the node has heard from the update-notice singleton once.</summary>
    public bool Known => _known;

    public void Set(UpdateNotice? notice)
    {
        _current = notice;
        _known = true;
    }
}
