// A modal <dialog> opened as one: the browser traps focus; Esc asks the caller instead of closing by itself.

/** Opens the dialog modally and routes Esc to `onCancel`; returns the clean-up for an effect. */
export function openModal(dialog: HTMLDialogElement, onCancel: () => void): () => void {
  if (!dialog.open) dialog.showModal();
  const cancel = (e: Event) => {
    e.preventDefault();
    onCancel();
  };
  dialog.addEventListener("cancel", cancel);
  return () => dialog.removeEventListener("cancel", cancel);
}
