using System.Diagnostics;
using ActorMessenger.Actors.Protocol;
using ActorMessenger.Actors.Text;
using ActorMessenger.Actors.User;
using Akka;
using Akka.Actor;
using static ActorMessenger.Actors.Protocol.ChatEvents;
using static ActorMessenger.Actors.Protocol.ChatProtocol;

namespace ActorMessenger.Actors.Chat;

/// <summary>Messages: post, edit, delete, react, pin, typing.</summary>
public sealed partial class ChatActor
{
    private void Handle(PostMessage cmd)
    {
        if (CheckNewMessage(cmd) is { } invalid)
        {
            Sender.Tell(invalid);
            return;
        }

        if (!_state.Exists)
        {
            CreateDirectAndPost(cmd);
            return;
        }

        AddToBatch(cmd);
    }

    /// <summary>The first message of a direct chat creates it; both are stored before anything else is handled.</summary>
    private void CreateDirectAndPost(PostMessage cmd)
    {
        if (!cmd.CreateDirect || !ChatIds.TryParseDirect(_state.ChatId, out var low, out var high))
        {
            Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
            return;
        }

        if (cmd.SenderId != low && cmd.SenderId != high)
        {
            Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
            return;
        }

        if (Refuse(ConsentRules.CanWriteDirect(_state.BlockedBy, cmd.SenderId)))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        MemberEntry[] members = low == high
            ? [new(low, ChatRoles.Member, now)]
            : [new(low, ChatRoles.Member, now), new(high, ChatRoles.Member, now)];
        Persist(new ChatCreated(_state.ChatId, ChatKind.Direct, members, now), created =>
        {
            _state.Apply(created);
            NotifyMembers();
            PublishActivity(created);
        });
        var message = NewMessage(cmd.SenderId, cmd.Text, cmd.Type, cmd.ClientId, cmd.Extras, seq: 1);
        var sender = Sender;
        PersistVisible(new MessagePosted(message), u => sender.Tell(new MessageAccepted(message, Duplicate: false, u?.UpdateSeq)), cmd.OriginConnectionId);
    }

    /// <summary>
    /// Posts are gathered while the mailbox holds more of them, then stored with one journal write
    /// (a busy chat or channel is not held to one write round trip per message). Every other command
    /// waits until the batch is stored, so it sees the chat as the posts left it.
    /// </summary>
    private void AddToBatch(PostMessage cmd)
    {
        if (Refuse(ChatRules.CanPost(_state, cmd.SenderId)))
        {
            return;
        }

        var nextSeq = _state.LastSeq + _batch.Count + 1;
        if (cmd.ClientId is { } clientId)
        {
            if (_state.SeqOfClientId(cmd.SenderId, clientId) is { } originalSeq)
            {
                if (_batch.Count > 0)
                {
                    // Answered once the batch is stored, when the original can be looked up calmly.
                    Stash.Stash();
                }
                else
                {
                    WithMessage(originalSeq, (original, replyTo) => replyTo.Tell(new MessageAccepted(original, Duplicate: true)));
                }

                return;
            }

            if (_batch.Find(b => b.Message.SenderId == cmd.SenderId && b.Message.ClientId == clientId) is { } twin)
            {
                twin.Duplicates.Add(Sender);
                return;
            }
        }

        if (cmd.Extras?.ReplyTo is { } replyToSeq && (replyToSeq < 1 || replyToSeq >= nextSeq))
        {
            Reject(ErrorCodes.InvalidSequence, $"replyTo {replyToSeq} is not a message of this chat.");
            return;
        }

        _batch.Add(new PendingPost(NewMessage(cmd.SenderId, cmd.Text, cmd.Type, cmd.ClientId, cmd.Extras, seq: nextSeq), Sender, cmd.OriginConnectionId, []));
        if (_batch.Count == 1)
        {
            Self.Tell(FlushPosts.Instance);
        }
    }

    private void FlushBatch()
    {
        var batch = _batch.ToList();
        _batch.Clear();
        Stash.UnstashAll();
        var pending = new Queue<PendingPost>(batch);
        _batchStartedAt = Stopwatch.GetTimestamp();
        PersistAll(batch.Select(p => new MessagePosted(p.Message)), posted =>
        {
            var post = pending.Dequeue();
            _collecting = true;
            try
            {
                OnPersisted(
                    posted,
                    u =>
                    {
                        post.ReplyTo.Tell(new MessageAccepted(post.Message, Duplicate: false, u?.UpdateSeq));
                        foreach (var duplicate in post.Duplicates)
                        {
                            duplicate.Tell(new MessageAccepted(post.Message, Duplicate: true));
                        }
                    },
                    post.OriginConnectionId,
                    null);
            }
            finally
            {
                _collecting = false;
            }

            if (pending.Count == 0)
            {
                _batchStartedAt = 0;
                _heldBatches++;
                if (_heldBatches >= HeldBatchesAtMost)
                {
                    SendHeld();
                }
                else
                {
                    // Behind the posts stashed while this batch was stored: they make the next batch, if any.
                    Self.Tell(ReleaseHeld.Instance);
                }
            }
        });
    }

    private sealed record PendingPost(MessageView Message, IActorRef ReplyTo, string? OriginConnectionId, List<IActorRef> Duplicates);

    // This actor's messages to itself (timers, finished tasks): they never leave the node.
    private sealed class FlushPosts : INoSerializationVerificationNeeded
    {
        public static readonly FlushPosts Instance = new();
    }

    /// <summary>Sends the held deliveries unless a next batch was gathered meanwhile (its own end sends them).</summary>
    private sealed class ReleaseHeld : INoSerializationVerificationNeeded
    {
        public static readonly ReleaseHeld Instance = new();
    }

    private Rejected? CheckNewMessage(PostMessage cmd)
    {
        if (!MessageTypes.IsUserType(cmd.Type))
        {
            return new Rejected(ErrorCodes.UnsupportedType, $"Message type '{cmd.Type}' is not supported.");
        }

        var attachment = cmd.Extras?.Attachment;
        if (cmd.Type == MessageTypes.Text)
        {
            if (VisibleText.IsBlank(cmd.Text))
            {
                return new Rejected(ErrorCodes.EmptyText, "Message text is empty or shows nothing.");
            }

            if (attachment is not null)
            {
                return new Rejected(ErrorCodes.InvalidAttachment, "A text message carries no file; use type 'file' or 'image'.");
            }
        }
        else if (attachment is null)
        {
            return new Rejected(ErrorCodes.InvalidAttachment, $"A message of type '{cmd.Type}' needs a fileId.");
        }
        else if (cmd.Type == MessageTypes.Image && !MessageTypes.ImageContentTypes.Contains(attachment.ContentType))
        {
            return new Rejected(ErrorCodes.InvalidAttachment, "An image message needs a PNG, JPEG, GIF or WebP file; send other files as type 'file'.");
        }

        if (cmd.Text.Length > _settings.MaxTextLength)
        {
            return new Rejected(ErrorCodes.TextTooLong, $"Message text is longer than {_settings.MaxTextLength} characters.");
        }

        return cmd.ClientId is { } cid && (cid.Length == 0 || cid.Length > _settings.MaxClientIdLength)
            ? new Rejected(ErrorCodes.InvalidClientId, $"clientId must be 1..{_settings.MaxClientIdLength} characters.")
            : null;
    }

    private void Handle(EditMessage cmd)
    {
        if (VisibleText.IsBlank(cmd.Text) || cmd.Text.Length > _settings.MaxTextLength)
        {
            Reject(VisibleText.IsBlank(cmd.Text) ? ErrorCodes.EmptyText : ErrorCodes.TextTooLong, $"Text must be 1..{_settings.MaxTextLength} characters.");
            return;
        }

        if (!Exists())
        {
            return;
        }

        WithMessage(cmd.Seq, (message, replyTo) =>
        {
            if (Refuse(ChatRules.CanEdit(_state, cmd.ActorId, message), replyTo))
            {
                return;
            }

            var edited = message with { Text = cmd.Text, EditedAt = DateTimeOffset.UtcNow };
            PersistVisible(new MessageChanged(edited, UpdateTypes.MessageEdited), u => replyTo.Tell(new Updated(u!)));
        });
    }

    private void Handle(DeleteMessage cmd)
    {
        if (!Exists())
        {
            return;
        }

        WithMessage(cmd.Seq, (message, replyTo) =>
        {
            if (Refuse(ChatRules.CanDelete(_state, cmd.ActorId, message), replyTo))
            {
                return;
            }

            PersistVisible(Deletion(message, cmd.ActorId), u => replyTo.Tell(new Updated(u!)));
        });
    }

    /// <summary>The content goes; the place in the sequence stays, so nobody sees a gap.</summary>
    private static MessageChanged Deletion(MessageView message, int by) =>
        new(
            message with
            {
                Text = string.Empty,
                Attachment = null,
                Forward = null,
                Reactions = null,
                DeletedAt = DateTimeOffset.UtcNow,
                DeletedBy = by,
            },
            UpdateTypes.MessageDeleted);

    private void Handle(ToggleReaction cmd)
    {
        if (!Exists())
        {
            return;
        }

        WithMessage(cmd.Seq, (message, replyTo) =>
        {
            if (Refuse(ChatRules.CanReact(_state, cmd.ActorId, message, cmd.Emoji), replyTo))
            {
                return;
            }

            var reactions = (message.Reactions ?? new Dictionary<string, IReadOnlyList<int>>())
                .ToDictionary(kv => kv.Key, kv => kv.Value.ToList(), StringComparer.Ordinal);
            if (reactions.TryGetValue(cmd.Emoji, out var users) && users.Remove(cmd.ActorId))
            {
                if (users.Count == 0)
                {
                    reactions.Remove(cmd.Emoji);
                }
            }
            else
            {
                if (Refuse(ChatRules.CanAddReaction(message.Reactions, cmd.ActorId, cmd.Emoji, _settings), replyTo))
                {
                    return;
                }

                reactions[cmd.Emoji] = [.. users ?? [], cmd.ActorId];
            }

            var changed = message with
            {
                Reactions = reactions.Count == 0 ? null : reactions.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<int>)kv.Value, StringComparer.Ordinal),
            };
            PersistVisible(new MessageChanged(changed, UpdateTypes.ReactionsChanged), u => replyTo.Tell(new Updated(u!)));
        });
    }

    private void Handle(Pin cmd)
    {
        if (!Exists())
        {
            return;
        }

        WithMessage(cmd.Seq, (message, replyTo) =>
        {
            if (Refuse(ChatRules.CanPin(_state, cmd.ActorId, message), replyTo))
            {
                return;
            }

            var current = _state.Pins.FirstOrDefault(p => p.Seq == cmd.Seq);
            if ((current is not null) == cmd.Pinned)
            {
                // Already as asked: answer with the state, store and push nothing. updateSeq 0 says
                // "no new update": a client must not move its sync cursor on it.
                var type = cmd.Pinned ? UpdateTypes.MessagePinned : UpdateTypes.MessageUnpinned;
                replyTo.Tell(new Updated(new ChatUpdate(_state.ChatId, 0, type, message, current)));
                return;
            }

            PersistVisible(new PinChanged(cmd.Seq, cmd.Pinned, cmd.ActorId, DateTimeOffset.UtcNow), u => replyTo.Tell(new Updated(u!)));
        });
    }

    /// <summary>Typing notices are live only, and at most one per member per interval reaches the others.</summary>
    private void Handle(ChatProtocol.Typing cmd)
    {
        if (!_state.IsMember(cmd.UserId))
        {
            Reject(ErrorCodes.NotMember, "You are not a member of this chat.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        Sender.Tell(Done.Instance);

        // Nothing to say where nothing can be written.
        if (_state.BlockedBy.Count > 0 || (_lastTyping.TryGetValue(cmd.UserId, out var last) && now - last < _settings.TypingInterval))
        {
            return;
        }

        _lastTyping[cmd.UserId] = now;
        var audience = _state.Kind == ChatKind.Channel ? [] : _state.MemberIds.Where(m => m != cmd.UserId);
        Deliver(audience, new ClientEvent(ClientEventNames.Typing, new TypingEvent(_state.ChatId, cmd.UserId)), null);
    }

    private bool Exists()
    {
        if (_state.Exists)
        {
            return true;
        }

        Reject(ErrorCodes.UnknownChat, $"Chat '{_state.ChatId}' does not exist.");
        return false;
    }
}
