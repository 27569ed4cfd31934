'use client';
// "Embed all missing": starts the job (admins), then polls its row, which any console instance
// serves, for a progress bar; cancelling flips the row, and the worker stops before its next batch.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, fetchJson } from '@/lib/client/fetch-json';
import { queryKeys } from '@/lib/client/query-keys';
import { buttonClass, dangerButtonClass } from '@/components/ui/form';

export interface EmbedJobView {
  id: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  model: string;
  totalRows: number;
  totalEstimated: boolean;
  processedRows: number;
  skippedRows: number;
  message: string | null;
  by: string | null;
}

export function EmbedMissingPanel({ collection, missing, initialJob, admin }: { collection: string; missing: number; initialJob: EmbedJobView | null; admin: boolean }) {
  const [jobId, setJobId] = useState<string | null>(initialJob?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const router = useRouter();
  const queries = useQueryClient();
  const { data: job = initialJob } = useQuery({
    queryKey: queryKeys.embedJob(jobId ?? ''),
    queryFn: () => fetchJson<EmbedJobView>(`/api/v1/embed-jobs/${jobId}`),
    enabled: jobId !== null,
    initialData: initialJob && initialJob.id === jobId ? initialJob : undefined,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'running' ? false : 1000),
  });
  const status = job?.status;
  useEffect(() => {
    if (status && status !== 'running') router.refresh(); // the figures above count again
  }, [status, router]);

  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      const started = await fetchJson<EmbedJobView>(`/api/v1/collections/${encodeURIComponent(collection)}/embedding-health/embed-missing`, { method: 'POST' });
      queries.setQueryData(queryKeys.embedJob(started.id), started);
      setJobId(started.id);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The job could not be started; try again.');
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (!job) return;
    const cancelled = await fetchJson<EmbedJobView>(`/api/v1/embed-jobs/${job.id}`, { method: 'DELETE' }).catch((err) => {
      setError(err instanceof ApiError ? err.message : 'Could not cancel; try again.');
      return null;
    });
    if (cancelled) queries.setQueryData(queryKeys.embedJob(job.id), cancelled);
  };

  const running = job?.status === 'running';
  // An estimated total can be a little off either way: a finished job is full, a running one stops short of full.
  const pct = job?.status === 'done' ? 100 : job && job.totalRows > 0 ? Math.min(running ? 99 : 100, (100 * job.processedRows) / job.totalRows) : running ? 0 : 100;
  return (
    <div className="space-y-3" data-testid="embed-missing">
      <div className="flex flex-wrap items-center gap-3">
        {admin ? (
          <button type="button" className={buttonClass} onClick={start} disabled={busy || running || missing === 0}>
            Embed all missing{missing ? ` (${missing.toLocaleString('en-US')})` : ''}
          </button>
        ) : null}
        {admin && running ? <button type="button" className={dangerButtonClass} onClick={cancel}>Cancel</button> : null}
        {missing === 0 && !running ? <span className="text-sm text-emerald-700">Every row has a vector.</span> : null}
        {!admin && missing > 0 ? <span className="text-sm text-slate-500">An admin can embed these rows through the configured provider.</span> : null}
      </div>
      {error ? <p className="text-sm text-rose-700" data-testid="embed-error">{error}</p> : null}
      {job ? (
        <div className="space-y-1.5">
          <div className="h-3 rounded-full bg-slate-100" role="progressbar" aria-label="Embedding progress" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100}>
            <div className={`h-3 rounded-full transition-all ${job.status === 'failed' ? 'bg-rose-500' : job.status === 'cancelled' ? 'bg-amber-500' : job.status === 'done' ? 'bg-emerald-500' : 'bg-indigo-500'}`} style={{ width: `${pct}%` }} />
          </div>
          <p className="text-sm text-slate-600" data-testid="embed-job">
            {running ? 'Embedding…' : job.status === 'done' ? 'Done' : job.status === 'cancelled' ? 'Cancelled' : 'Failed'} · {job.processedRows.toLocaleString('en-US')} of{' '}
            {job.totalEstimated ? '≈ ' : ''}{job.totalRows.toLocaleString('en-US')} rows{job.totalEstimated ? ' (estimated from a sample)' : ''} with {job.model}{job.by ? ` · started by ${job.by}` : ''}
          </p>
          {job.message ? <p className={`text-sm ${job.status === 'done' ? 'text-emerald-700' : 'text-rose-700'}`}>{job.message}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
