import { useEffect, useState } from "preact/hooks";
import type { Message, UserId } from "../../shared/protocol";
import { api, chatList, chatTitle, createChannel, createGroup, errorText, forwardMessage, me, openChat, refreshUsers, t, users } from "../store";
import { Avatar } from "./Avatar";
import { Dialog } from "./Dialog";
import { canPost } from "./rights";

export function ConfirmDialog({ text, action, onConfirm, onCancel }: { text: string; action: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog title={action} onClose={onCancel}>
      <p>{text}</p>
      <div class="dialog-actions">
        <button type="button" onClick={onCancel}>{t("dialog.cancel")}</button>
        <button type="button" class="danger primary" onClick={onConfirm}>{action}</button>
      </div>
    </Dialog>
  );
}

export function ForwardDialog({ message, onClose }: { message: Message; onClose: () => void }) {
  const [filter, setFilter] = useState("");
  const targets = chatList.value.filter(canPost).filter((c) => chatTitle(c).toLowerCase().includes(filter.toLowerCase()));
  return (
    <Dialog title={t("forward.title")} onClose={onClose}>
      <input type="search" aria-label={t("forward.filter")} placeholder={t("forward.filter")} value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      <ul class="rows pick-list">
        {targets.map((c) => (
          <li key={c.chatId}>
            <button type="button" class="row" onClick={async () => { onClose(); if (await forwardMessage(message.chatId, message.seq, c)) await openChat(c.chatId); }}>
              <Avatar name={chatTitle(c)} seed={c.peerId != null ? String(c.peerId) : c.chatId} emoji={c.icon} size={32} />
              <span class="row-title">{chatTitle(c)}</span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}

export function ImageViewer({ message, onClose }: { message: Message; onClose: () => void }) {
  const a = message.attachment!;
  return (
    <Dialog title={a.name} onClose={onClose} wide>
      <img class="viewer-img" src={api.fileUrl(a.id)} alt={a.name} />
      <div class="dialog-actions"><a href={api.fileUrl(a.id)} download={a.name}>{t("msg.download", { name: a.name })}</a></div>
    </Dialog>
  );
}

export function UserPicker({ selected, onChange, exclude = [] }: { selected: UserId[]; onChange: (ids: UserId[]) => void; exclude?: UserId[] }) {
  const [filter, setFilter] = useState("");
  const self = me.value!.id;
  useEffect(() => void refreshUsers(), []);
  const candidates = Array.from(users.value.values())
    .filter((u) => u.id !== self && !exclude.includes(u.id))
    .filter((u) => `${u.fullName} ${u.username}`.toLowerCase().includes(filter.toLowerCase()));
  return (
    <fieldset class="user-picker">
      <legend>{t("group.pick")}</legend>
      <input type="search" aria-label={t("forward.filter")} placeholder={t("list.search")} value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      <ul class="rows pick-list">
        {candidates.map((u) => (
          <li key={u.id}>
            <label class="row">
              <input type="checkbox" checked={selected.includes(u.id)} onChange={(e) => onChange(e.currentTarget.checked ? [...selected, u.id] : selected.filter((x) => x !== u.id))} />
              <Avatar name={u.fullName} seed={String(u.id)} emoji={u.avatar} size={28} />
              <span class="row-title">{u.fullName} <span class="muted">@{u.username}</span></span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const [title, setTitle] = useState("");
  const [members, setMembers] = useState<UserId[]>([]);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await createGroup(title.trim(), members);
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title={t("list.newGroup")} onClose={onClose}>
      <form onSubmit={submit} class="form">
        <label>{t("group.title")}<input required maxLength={128} value={title} onInput={(e) => setTitle(e.currentTarget.value)} /></label>
        <UserPicker selected={members} onChange={setMembers} />
        {error && <p class="error" role="alert">{error}</p>}
        <div class="dialog-actions"><button type="submit" class="primary">{t("group.create")}</button></div>
      </form>
    </Dialog>
  );
}

export function NewChannelDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [isPublic, setPublic] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await createChannel(name.trim(), description.trim(), isPublic);
      onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title={t("list.newChannel")} onClose={onClose}>
      <form onSubmit={submit} class="form">
        <label>{t("channel.name")}<input required maxLength={128} value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
        <label>{t("channel.description")}<textarea maxLength={1000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} /></label>
        <label class="check"><input type="checkbox" checked={isPublic} onChange={(e) => setPublic(e.currentTarget.checked)} /> {t("channel.public")}</label>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="dialog-actions"><button type="submit" class="primary">{t("channel.create")}</button></div>
      </form>
    </Dialog>
  );
}

/** Ctrl/Cmd+K: type part of a chat's name, Enter opens the first match. */
export function Switcher({ onClose }: { onClose: () => void }) {
  const [filter, setFilter] = useState("");
  const matches = chatList.value.filter((c) => chatTitle(c).toLowerCase().includes(filter.toLowerCase())).slice(0, 12);
  const go = (chatId: string) => {
    onClose();
    void openChat(chatId);
  };
  return (
    <Dialog title={t("switcher.title")} onClose={onClose}>
      <input type="search" autoFocus aria-label={t("switcher.filter")} placeholder={t("switcher.filter")} value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)} onKeyDown={(e) => { if (e.key === "Enter" && matches[0]) go(matches[0].chatId); }} />
      <ul class="rows pick-list">
        {matches.map((c) => (
          <li key={c.chatId}><button type="button" class="row" onClick={() => go(c.chatId)}><span class="row-title">{chatTitle(c)}</span></button></li>
        ))}
      </ul>
    </Dialog>
  );
}
