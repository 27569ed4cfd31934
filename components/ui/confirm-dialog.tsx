'use client';
// The console's own confirmation, instead of the browser's confirm(): a modal Dialog that says what
// will be lost, with the destructive button looking so.
import { Dialog } from './dialog';
import { dangerButtonClass, secondaryButtonClass } from './form';

export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onCancel }: {
  open: boolean;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={open} title={title} onClose={onCancel} testId="confirm-dialog">
      <div className="text-sm text-slate-700">{children}</div>
      <div className="flex justify-end gap-2 pt-2">
        <button type="button" className={secondaryButtonClass} onClick={onCancel} autoFocus>Cancel</button>
        <button type="button" className={dangerButtonClass} onClick={onConfirm}>{confirmLabel}</button>
      </div>
    </Dialog>
  );
}
