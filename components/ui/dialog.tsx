'use client';
// The console's modal: a <dialog> opened with showModal() (focus kept inside, Escape closes, the
// page behind inert), titled for screen readers. ConfirmDialog and edit dialogs are built on it.
import { useEffect, useId, useRef } from 'react';

export function Dialog({ open, title, onClose, children, testId = 'dialog', wide = false }: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: React.ReactNode;
  testId?: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby={titleId} data-testid={testId}
      className={`m-auto ${wide ? 'w-[min(36rem,calc(100vw-2rem))]' : 'w-[min(28rem,calc(100vw-2rem))]'} rounded-xl p-0 shadow-xl backdrop:bg-slate-900/50`}>
      {/* Closed dialogs render nothing inside, so a table of many rows carries no hidden forms. */}
      {open ? (
        <div className="space-y-3 p-5">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">{title}</h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
