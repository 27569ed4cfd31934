'use client';
import { useActionState, useRef, useState } from 'react';
import { ActionMessage, dangerSubtleButtonClass } from '@/components/ui/form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { plural } from '@/components/ui/format';
import { purgeExpiredAction } from '@/lib/session-memory/actions';

export function PurgeExpiredButton({ count }: { count: number }) {
  const [state, action, pending] = useActionState(purgeExpiredAction, null);
  const [asking, setAsking] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const what = plural(count, 'expired entry', 'expired entries');
  return (
    <form ref={form} action={action} className="flex items-center gap-2">
      <button type="button" className={dangerSubtleButtonClass} disabled={pending || count === 0} onClick={() => setAsking(true)}>Purge {what}…</button>
      <ConfirmDialog open={asking} title={`Purge ${what}?`} confirmLabel={`Purge ${what}`} onCancel={() => setAsking(false)}
        onConfirm={() => { setAsking(false); form.current?.requestSubmit(); }}>
        <p>Session memory entries whose time ran out are deleted for good; live entries stay. Agents no longer see expired entries either way.</p>
      </ConfirmDialog>
      <ActionMessage state={state} />
    </form>
  );
}
