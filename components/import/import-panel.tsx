'use client';
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { buttonClass, dangerButtonClass, Field, inputClass } from '@/components/ui/form';

interface Job {
  id: string;
  status: 'validating' | 'running' | 'done' | 'failed' | 'cancelled';
  totalRows: number;
  processedRows: number;
  rejected: { line: number; reason: string }[];
  rejectedCount: number;
  message: string | null;
  rate: number | null;
  etaSeconds: number | null;
}

const finished = (s: Job['status']) => s === 'done' || s === 'failed' || s === 'cancelled';

function eta(seconds: number | null) {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

export function ImportPanel({ namespace, namespaces }: { namespace?: string; namespaces: string[] }) {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const router = useRouter();

  useEffect(() => () => {
    if (timer.current) clearInterval(timer.current);
  }, []);

  const follow = (id: string) => {
    const poll = async () => {
      const res = await fetch(`/api/v1/imports/${id}`);
      if (!res.ok) return;
      const j = (await res.json()) as Job;
      setJob(j);
      if (finished(j.status) && timer.current) {
        clearInterval(timer.current);
        timer.current = null;
        router.refresh(); // the history below picks up the outcome
      }
    };
    void poll();
    timer.current = setInterval(poll, 500);
  };

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setJob(null);
    setBusy(true);
    try {
      const res = await fetch('/api/v1/imports', { method: 'POST', body: new FormData(e.currentTarget) });
      const body = await res.json();
      if (!res.ok) setError(body.error?.message ?? `HTTP ${res.status}`);
      else follow(body.id);
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!job) return;
    const res = await fetch(`/api/v1/imports/${job.id}/cancel`, { method: 'POST' });
    if (res.ok) setJob(await res.json());
  };

  const accepted = job ? job.totalRows - job.rejectedCount : 0;
  const pct = job && accepted > 0 ? Math.min(100, (job.processedRows / accepted) * 100) : 0;
  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="import-form">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="File" hint="JSONL or CSV with namespace?, key, value, embedding?, metadata?, tags?">
            <input name="file" type="file" accept=".jsonl,.ndjson,.csv" required className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-lg file:border-0 file:bg-indigo-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100" />
          </Field>
          <Field label="Into namespace" hint="Rows may omit namespace; a row naming another namespace is rejected">
            <input name="namespace" required list="namespaces" defaultValue={namespace} className={`w-full ${inputClass}`} />
            <datalist id="namespaces">{namespaces.map((n) => <option key={n} value={n} />)}</datalist>
          </Field>
        </div>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="skip_bad" value="true" /> Skip bad rows (otherwise one bad row stops the whole import before anything is written)
        </label>
        <div className="flex items-center gap-3">
          <button className={buttonClass} disabled={busy || Boolean(job && !finished(job.status))}>Import</button>
          {error ? <p className="text-sm text-rose-700" data-testid="import-error">{error}</p> : null}
        </div>
      </form>

      {job ? (
        <section className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="import-progress">
          <div className="flex items-center justify-between text-sm">
            <span className="font-medium">
              {job.status === 'validating' ? 'Validating…' : job.status === 'running' ? 'Importing…' : job.status === 'done' ? 'Done' : job.status === 'cancelled' ? 'Cancelled' : 'Failed'}
            </span>
            {!finished(job.status) ? <button type="button" onClick={cancel} className={dangerButtonClass}>Cancel</button> : null}
          </div>
          <div className="h-3 rounded-full bg-slate-100" role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
            <div className={`h-3 rounded-full transition-all ${job.status === 'failed' ? 'bg-rose-500' : job.status === 'cancelled' ? 'bg-amber-500' : 'bg-indigo-500'}`} style={{ width: `${pct}%` }} />
          </div>
          <div className="flex flex-wrap gap-x-6 gap-y-1 text-sm text-slate-600">
            <span data-testid="import-rows">{job.processedRows.toLocaleString('en-US')} of {accepted.toLocaleString('en-US')} rows</span>
            <span>{job.rate ? `${Math.round(job.rate).toLocaleString('en-US')} rows/s` : '— rows/s'}</span>
            <span>ETA {finished(job.status) ? '—' : eta(job.etaSeconds)}</span>
            <span>{job.rejectedCount} rejected</span>
          </div>
          {job.message ? <p className={`text-sm ${job.status === 'done' ? 'text-emerald-700' : 'text-rose-700'}`} data-testid="import-message">{job.message}</p> : null}
          {job.rejected.length ? (
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-700">Rejected rows{job.rejectedCount > job.rejected.length ? ` (first ${job.rejected.length} of ${job.rejectedCount})` : ''}</h3>
              <table className="w-full text-sm" data-testid="rejected-rows">
                <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="w-20 py-1">Line</th><th>Reason</th></tr></thead>
                <tbody>{job.rejected.map((r) => <tr key={r.line} className="border-t border-slate-100"><td className="py-1 font-mono">{r.line}</td><td>{r.reason}</td></tr>)}</tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
