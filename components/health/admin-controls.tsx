'use client';
import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonClass, inputClass, subtleButtonClass } from '@/components/ui/form';

import { fetchJson } from '@/lib/client/fetch-json';
import { queryKeys } from '@/lib/client/query-keys';

const post = <T,>(url: string, body: unknown) => fetchJson<T>(url, { method: 'POST', json: body });

export function BackendButtons({ pid }: { pid: number }) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const act = async (action: 'cancel' | 'terminate') => {
    const what = action === 'cancel' ? `Cancel the query running in session ${pid}?` : `Terminate session ${pid}? Its open transaction is rolled back.`;
    if (!confirm(what)) return;
    try {
      const r = await post<{ ok: boolean }>(`/api/v1/sessions/${pid}`, { action });
      setMessage(r.ok ? (action === 'cancel' ? 'Cancel sent.' : 'Terminated.') : 'The server refused.');
      router.refresh();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <div className="flex items-center gap-1.5">
      <button className={subtleButtonClass} onClick={() => act('cancel')}>Cancel</button>
      <button className={subtleButtonClass} onClick={() => act('terminate')}>Terminate</button>
      {message ? <span className="text-xs text-slate-500" role="status">{message}</span> : null}
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
  const [message, setMessage] = useState<string | null>(null);
  const { data } = useQuery<{ progress: Progress[] }>({
    queryKey: queryKeys.maintenanceProgress,
    queryFn: () => fetchJson('/api/v1/maintenance'),
    refetchInterval: running ? 1000 : false,
    enabled: Boolean(running),
  });
  const run = async (body: Record<string, string>, label: string) => {
    if (!confirm(`${label}? It can take a while on large tables.`)) return;
    setRunning(label);
    setMessage(null);
    try {
      const r = await post<{ seconds: number; concurrently?: boolean }>('/api/v1/maintenance', body);
      setMessage(`${label}: done in ${r.seconds.toFixed(1)} s${r.concurrently ? ' (CONCURRENTLY)' : ''}.`);
    } catch (err) {
      setMessage(`${label}: ${(err as Error).message}`);
    } finally {
      setRunning(null);
    }
  };
  return (
    <div className="space-y-4">
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => {
        e.preventDefault();
        const table = String(new FormData(e.currentTarget).get('table'));
        void run({ kind: 'vacuum', table }, `VACUUM ANALYZE ${table}`);
      }}>
        <label className="text-xs text-slate-500">Table
          <select name="table" className={`mt-1 block ${inputClass}`}>{tables.map((t) => <option key={t}>{t}</option>)}</select>
        </label>
        <button className={buttonClass} disabled={Boolean(running)}>VACUUM ANALYZE</button>
      </form>
      <form className="flex flex-wrap items-end gap-2" onSubmit={(e) => {
        e.preventDefault();
        const index = String(new FormData(e.currentTarget).get('index'));
        void run({ kind: 'reindex', index }, `REINDEX ${index}`);
      }}>
        <label className="text-xs text-slate-500">Vector index
          <select name="index" className={`mt-1 block ${inputClass}`}>{indexes.map((t) => <option key={t}>{t}</option>)}</select>
        </label>
        <button className={buttonClass} disabled={Boolean(running)}>REINDEX</button>
      </form>
      {running ? (
        <div className="space-y-2 text-sm" data-testid="maintenance-running">
          <p>{running}…</p>
          {(data?.progress ?? []).map((p) => (
            <div key={p.pid}>
              <div className="flex justify-between text-xs text-slate-500"><span>{p.target}: {p.phase}</span><span>{p.total ? Math.round((p.done / p.total) * 100) : 0}%</span></div>
              <div className="h-2 rounded-full bg-slate-100"><div className="h-2 rounded-full bg-indigo-500" style={{ width: `${p.total ? (p.done / p.total) * 100 : 0}%` }} /></div>
            </div>
          ))}
          {data && data.progress.length === 0 ? <p className="text-xs text-slate-500">No progress reported (the embedded engine runs one statement at a time, so it answers when the work is done).</p> : null}
        </div>
      ) : null}
      {message ? <p className="text-sm text-slate-700" role="status" data-testid="maintenance-message">{message}</p> : null}
    </div>
  );
}
