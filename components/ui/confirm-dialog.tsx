'use client';
// The console's own confirmation, instead of the browser's confirm(): a modal <dialog> (focus kept
// inside, Escape cancels) that says what will be lost, with the destructive button looking so.
import { useEffect, useId, useRef } from 'react';
import { dangerButtonClass, secondaryButtonClass } from './form';

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId(); // several dialogs can share a page (one per table row)
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onCancel} aria-labelledby={titleId} data-testid="confirm-dialog"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/50">
      <div className="space-y-3 p-5">
        <h2 id={titleId} className="text-base font-semibold text-slate-900">{title}</h2>
        <div className="text-sm text-slate-700">{children}</div>
        <div className="flex justify-end gap-2 pt-2">
          <button type="button" className={secondaryButtonClass} onClick={onCancel} autoFocus>Cancel</button>
          <button type="button" className={dangerButtonClass} onClick={onConfirm}>{confirmLabel}</button>
        </div>
      </div>
    </dialog>
  );
}
