import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { openModal } from "../../shared/modal";
import { t } from "../store";

/** A modal question (<dialog>: the browser traps focus, Esc cancels); the danger button is not the default. */
export function Confirm({ title, children, action, onConfirm, onCancel, disabled }: {
  title: string;
  children?: ComponentChildren;
  action: string;
  onConfirm: () => void;
  onCancel: () => void;
  disabled?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => openModal(ref.current!, onCancel), [onCancel]);
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="confirm-title">
      <h2 id="confirm-title">{title}</h2>
      <div class="dialog-body">{children}</div>
      <div class="actions">
        <button type="button" onClick={onCancel} autofocus>{t("dialog.cancel")}</button>
        <button type="button" class="danger solid" disabled={disabled} onClick={onConfirm}>{action}</button>
      </div>
    </dialog>
  );
}
