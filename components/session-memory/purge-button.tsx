'use client';
import { useActionState } from 'react';
import { ActionMessage, dangerButtonClass } from '@/components/ui/form';
import { purgeExpiredAction } from '@/lib/session-memory/actions';

export function PurgeExpiredButton({ count }: { count: number }) {
  const [state, action, pending] = useActionState(purgeExpiredAction, null);
  return (
    <form action={action} onSubmit={(e) => { if (!confirm(`Delete ${count} expired session memory entries?`)) e.preventDefault(); }} className="flex items-center gap-2">
      <button className={dangerButtonClass} disabled={pending || count === 0}>Purge {count} expired</button>
      <ActionMessage state={state} />
    </form>
  );
}
