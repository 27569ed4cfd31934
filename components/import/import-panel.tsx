'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, fetchJson } from '@/lib/client/fetch-json';
import { queryKeys } from '@/lib/client/query-keys';
import { buttonClass, dangerButtonClass, Field, inputClass } from '@/components/ui/form';
import type { ImportableCollection } from '@/lib/imports/collection-import';

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
  indexBuild?: { phase: string; done: number; total: number } | null;
}

const finished = (s: Job['status']) => s === 'done' || s === 'failed' || s === 'cancelled';

function eta(seconds: number | null) {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
}

type Target = 'namespace' | 'collection';

/** The columns a collection import's rows may hold, and what the rows are matched on. */
function CollectionColumns({ collection }: { collection: ImportableCollection }) {
  const keyOptional = collection.key?.some((k) => !collection.columns.find((c) => c.name === k)?.required);
  return (
    <div className="rounded-lg bg-slate-50 p-3 text-sm text-slate-600" data-testid="collection-columns">
      <p className="mb-2">
        Each row&apos;s fields are columns of <span className="font-mono">{collection.table}</span>
        {collection.key ? (
          <> · rows are upserted on <span className="font-mono">({collection.key.join(', ')})</span>{keyOptional ? ' when the file gives it, appended otherwise' : ''}</>
        ) : <> · no unique key, so rows are appended</>}
        {' · '}
        <a className="text-indigo-700 hover:underline" href={`/api/v1/export?collection=${encodeURIComponent(collection.id)}&format=jsonl&vectors=true&limit=5`}>download 5 rows as an example</a>
      </p>
      <ul className="flex flex-wrap gap-1.5">
        {collection.columns.map((c) => (
          <li key={c.name} className={`rounded border px-2 py-0.5 font-mono text-xs ${c.generated ? 'border-dashed border-slate-300 text-slate-400' : c.required ? 'border-indigo-200 bg-white text-indigo-800' : 'border-slate-200 bg-white'}`}
            title={c.generated ? 'Computed by the database; values in the file are ignored' : c.required ? 'Required: NOT NULL without a default' : 'Optional: left out, it takes its default'}>
            {c.name} <span className="text-slate-400">{c.type}</span>{c.required ? ' *' : ''}
          </li>
        ))}
      </ul>
      <p className="mt-2 text-xs text-slate-500">* required. Vectors and JSON columns are JSON in CSV cells; list columns take JSON or a|b|c. Vectors are checked in full, and every other value by Postgres against its column type, before anything is written.</p>
    </div>
  );
}

export function ImportPanel({ namespace, namespaces, collection, collections }: { namespace?: string; namespaces: string[]; collection?: string; collections: ImportableCollection[] }) {
  const [target, setTarget] = useState<Target>(collection ? 'collection' : 'namespace');
  const [collectionId, setCollectionId] = useState(collection ?? collections[0]?.id ?? '');
  const chosen = collections.find((c) => c.id === collectionId);
  const [jobId, setJobId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const queries = useQueryClient();

  // The running import, polled every 500 ms until it ends.
  const { data: job = null } = useQuery({
    queryKey: queryKeys.importJob(jobId ?? ''),
    queryFn: () => fetchJson<Job>(`/api/v1/imports/${jobId}`),
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data && finished(q.state.data.status) ? false : 500),
  });
  const status = job?.status;
  useEffect(() => {
    if (status && finished(status)) router.refresh(); // the history below picks up the outcome
  }, [status, router]);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setJobId(null);
    setBusy(true);
    try {
      const started = await fetchJson<{ id: string }>('/api/v1/imports', { method: 'POST', body: new FormData(e.currentTarget) });
      setJobId(started.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The import could not be started; try again.');
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!job) return;
    const cancelled = await fetchJson<Job>(`/api/v1/imports/${job.id}/cancel`, { method: 'POST' }).catch(() => null);
    if (cancelled) queries.setQueryData(queryKeys.importJob(job.id), cancelled);
  };

  const accepted = job ? job.totalRows - job.rejectedCount : 0;
  const pct = job && accepted > 0 ? Math.min(100, (job.processedRows / accepted) * 100) : 0;
  return (
    <div className="space-y-6">
      <form onSubmit={submit} className="space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm" data-testid="import-form">
        <fieldset className="flex flex-wrap items-center gap-2 text-sm">
          <legend className="sr-only">Import into</legend>
          <span className="mr-1 font-medium text-slate-700">Into</span>
          {(['namespace', 'collection'] as const).map((t) => (
            <label key={t} className={`cursor-pointer rounded-lg border px-3 py-1.5 ${target === t ? 'border-indigo-300 bg-indigo-50 text-indigo-800' : 'border-slate-200 text-slate-600 hover:bg-slate-50'}`}>
              <input type="radio" name="target" value={t} checked={target === t} onChange={() => setTarget(t)} className="sr-only" />
              {t === 'namespace' ? 'A namespace (memory entries)' : 'A collection (any vector table)'}
            </label>
          ))}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="File" hint={target === 'namespace' ? 'JSONL or CSV with namespace?, key, value, embedding?, metadata?, tags?' : 'JSONL or CSV whose fields are the columns below'}>
            <input name="file" type="file" accept=".jsonl,.ndjson,.csv" required className="block w-full text-sm text-slate-600 file:mr-3 file:rounded-lg file:border-0 file:bg-indigo-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-indigo-700 hover:file:bg-indigo-100" />
          </Field>
          {target === 'namespace' ? (
            <Field label="Into namespace" hint="Rows may omit namespace; a row naming another namespace is rejected">
              <input name="namespace" required list="namespaces" defaultValue={namespace} className={`w-full ${inputClass}`} />
              <datalist id="namespaces">{namespaces.map((n) => <option key={n} value={n} />)}</datalist>
            </Field>
          ) : collections.length ? (
            <Field label="Into collection">
              <select name="collection" value={collectionId} onChange={(e) => setCollectionId(e.target.value)} className={`w-full ${inputClass}`}>
                {collections.map((c) => <option key={c.id} value={c.id}>{c.id}</option>)}
              </select>
            </Field>
          ) : (
            <p className="self-end text-sm text-slate-500">No collections besides memory_entries yet. <a className="text-indigo-700 hover:underline" href="/collections">Create one on Collections</a>, then import into it here.</p>
          )}
        </div>
        {target === 'collection' && chosen ? <CollectionColumns collection={chosen} /> : null}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="skip_bad" value="true" /> Skip bad rows (otherwise one bad row stops the whole import before anything is written)
        </label>
        <div className="flex items-center gap-3">
          <button className={buttonClass} disabled={busy || Boolean(job && !finished(job.status)) || (target === 'collection' && !chosen)}>Import</button>
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
          {job.indexBuild ? (
            <p className="text-sm text-slate-600" data-testid="index-build">
              Index build: {job.indexBuild.phase}{job.indexBuild.total > 0 ? ` · ${Math.round((100 * job.indexBuild.done) / job.indexBuild.total)}%` : ''}
            </p>
          ) : null}
          {job.message ? <p className={`text-sm ${job.status === 'done' ? 'text-emerald-700' : job.status === 'running' ? 'text-slate-600' : 'text-rose-700'}`} data-testid="import-message">{job.message}</p> : null}
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
