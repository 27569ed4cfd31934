'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonClass, dangerSubtleButtonClass, inputClass, subtleButtonClass } from '@/components/ui/form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { toast } from '@/components/ui/toast';

import { fetchJson } from '@/lib/client/fetch-json';
import { queryKeys } from '@/lib/client/query-keys';

const post = <T,>(url: string, body: unknown) => fetchJson<T>(url, { method: 'POST', json: body });

/** What an admin is about to run, held while the console's own dialog asks. */
interface Pending { title: string; body: string; confirmLabel: string; run: () => Promise<void> }

function usePendingConfirm() {
  const [pending, setPending] = useState<Pending | null>(null);
  const dialog = (
    <ConfirmDialog open={Boolean(pending)} title={pending?.title ?? ''} confirmLabel={pending?.confirmLabel ?? ''}
      onCancel={() => setPending(null)}
      onConfirm={() => { const p = pending; setPending(null); if (p) void p.run(); }}>
      <p>{pending?.body}</p>
    </ConfirmDialog>
  );
  return { ask: setPending, dialog };
}

const SIGNALS = {
  cancel: { title: (pid: number) => `Cancel the query in session ${pid}?`, body: 'The running statement stops with an error; the session stays connected.', confirmLabel: 'Cancel query', done: 'Cancel sent to session' },
  terminate: { title: (pid: number) => `Terminate session ${pid}?`, body: 'The connection is closed and its open transaction, if any, is rolled back.', confirmLabel: 'Terminate session', done: 'Terminated session' },
} as const;

export function BackendButtons({ pid }: { pid: number }) {
  const router = useRouter();
  const { ask, dialog } = usePendingConfirm();
  const act = (action: keyof typeof SIGNALS) => {
    const s = SIGNALS[action];
    ask({
      title: s.title(pid), body: s.body, confirmLabel: s.confirmLabel,
      run: async () => {
        try {
          const r = await post<{ ok: boolean }>(`/api/v1/sessions/${pid}`, { action });
          if (r.ok) toast(`${s.done} ${pid}.`); else toast(`The server refused to ${action} session ${pid}.`, 'error');
          router.refresh();
        } catch (err) {
          toast((err as Error).message, 'error');
        }
      },
    });
  };
  return (
    <div className="flex items-center gap-1.5">
      <button type="button" className={subtleButtonClass} onClick={() => act('cancel')}>Cancel</button>
      <button type="button" className={dangerSubtleButtonClass} onClick={() => act('terminate')}>Terminate</button>
      {dialog}
    </div>
  );
}

interface Progress {
  kind: string;
  pid: number;
  target: string;
  phase: string;
  total: number;
  done: number;
}

export function MaintenancePanel({ tables, indexes }: { tables: string[]; indexes: string[] }) {
  const [running, setRunning] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const { ask, dialog } = usePendingConfirm();
  const { data } = useQuery<{ progress: Progress[] }>({
    queryKey: queryKeys.maintenanceProgress,
    queryFn: () => fetchJson('/api/v1/maintenance'),
    refetchInterval: running ? 1000 : false,
    enabled: Boolean(running),
  });
  const run = (body: Record<string, string>, label: string, explain: string) => ask({
    title: `Run ${label}?`, body: explain, confirmLabel: `Run ${label.split(' ')[0]}`,
    run: async () => {
      setRunning(label);
      setMessage(null);
      try {
        const r = await post<{ seconds: number; concurrently?: boolean }>('/api/v1/maintenance', body);
        const text = `${label}: done in ${r.seconds.toFixed(1)} s${r.concurrently ? ' (CONCURRENTLY)' : ''}.`;
        setMessage({ text, ok: true });
        toast(text);
      } catch (err) {
        const text = `${label}: ${(err as Error).message}`;
        setMessage({ text, ok: false });
        toast(text, 'error');
      } finally {
        setRunning(null);
      }
    },
  });
  return (
    <div className="space-y-4">
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => {
        e.preventDefault();
        const table = String(new FormData(e.currentTarget).get('table'));
        run({ kind: 'vacuum', table }, `VACUUM ANALYZE ${table}`,
          `Reclaims dead rows of ${table} and refreshes its planner statistics. Reads and writes go on meanwhile; it can take a while on large tables.`);
      }}>
        <label className="text-xs text-slate-600">Table
          <select name="table" className={`mt-1 block ${inputClass}`}>{tables.map((t) => <option key={t}>{t}</option>)}</select>
        </label>
        <button className={buttonClass} disabled={Boolean(running)}>VACUUM ANALYZE</button>
      </form>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => {
        e.preventDefault();
        const index = String(new FormData(e.currentTarget).get('index'));
        run({ kind: 'reindex', index }, `REINDEX ${index}`,
          `Rebuilds ${index} from its table (CONCURRENTLY where the server allows, so writes go on). Searches fall back to slower scans if it fails halfway; it can take minutes on large tables.`);
      }}>
        <label className="text-xs text-slate-600">Vector index
          <select name="index" className={`mt-1 block ${inputClass}`}>{indexes.map((t) => <option key={t}>{t}</option>)}</select>
        </label>
        <button className={buttonClass} disabled={Boolean(running) || indexes.length === 0}>REINDEX</button>
      </form>
      {indexes.length === 0 ? <p className="text-xs text-slate-600">No vector index yet: build one from a collection’s page, then it can be rebuilt here.</p> : null}
      {running ? (
        <div className="space-y-2 text-sm" data-testid="maintenance-running">
          <p>{running}…</p>
          {(data?.progress ?? []).map((p) => (
            <div key={p.pid}>
              <div className="flex justify-between text-xs text-slate-600"><span>{p.target}: {p.phase}</span><span className="tabular-nums">{p.total ? Math.round((p.done / p.total) * 100) : 0}%</span></div>
              <div className="h-2 rounded-full bg-slate-100" role="progressbar" aria-label={`${p.target}: ${p.phase}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={p.total ? Math.round((p.done / p.total) * 100) : 0}>
                <div className="h-2 rounded-full bg-indigo-500" style={{ width: `${p.total ? (p.done / p.total) * 100 : 0}%` }} />
              </div>
            </div>
          ))}
          {data && data.progress.length === 0 ? <p className="text-xs text-slate-600">No progress reported (the embedded engine runs one statement at a time, so it answers when the work is done).</p> : null}
        </div>
      ) : null}
      {message ? <p className={`text-sm ${message.ok ? 'text-slate-700' : 'text-rose-700'}`} data-testid="maintenance-message">{message.text}</p> : null}
    </div>
  );
}
