import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { openModal } from "../../shared/modal";
import { t } from "../store";

/** A modal <dialog>: the browser traps focus and closes it on Esc. */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => openModal(ref.current!, onClose), [onClose]);
  return (
    <dialog ref={ref} class={wide ? "dialog wide" : "dialog"} aria-label={title}>
      <header class="dialog-head">
        <h2>{title}</h2>
        <button type="button" class="icon-btn" aria-label={t("dialog.close")} onClick={onClose}>✕</button>
      </header>
      <div class="dialog-body">{children}</div>
    </dialog>
  );
}
