'use client';
// ef_search tuning on a collection page: the saved default, the latest run's recall/latency curve
// (polled while it runs, from whichever console instance runs it) and, for admins, the form to run one.
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, fetchJson } from '@/lib/client/fetch-json';
import { queryKeys } from '@/lib/client/query-keys';
import { buttonClass, Field, inputClass } from '@/components/ui/form';
import { Time } from '@/components/ui/time';
import { CurveChart } from '@/components/charts/curve-chart';
import type { EfSearchSetting, TuneJobView } from '@/lib/search/tuning';

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
export interface TuningStateJson {
  setting: Json<EfSearchSetting> | null;
  job: Json<TuneJobView> | null;
}

export function TunePanel({ collection, initial, canTune, defaultTarget }: { collection: string; initial: TuningStateJson; canTune: boolean; defaultTarget: number }) {
  const queries = useQueryClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { data: state = initial } = useQuery({
    queryKey: queryKeys.tuning(collection),
    queryFn: () => fetchJson<TuningStateJson>(`/api/v1/collections/${encodeURIComponent(collection)}/tune`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.job?.status === 'running' ? 1000 : false),
  });
  const job = state.job;
  const running = job?.status === 'running';
  const status = job?.status;
  useEffect(() => {
    if (status === 'done') router.refresh();
  }, [status, router]);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const target = new FormData(e.currentTarget).get('target');
    try {
      await fetchJson(`/api/v1/collections/${encodeURIComponent(collection)}/tune`, { method: 'POST', json: { target: target === '' ? undefined : target } });
      await queries.invalidateQueries({ queryKey: queryKeys.tuning(collection) });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The tune could not be started; try again.');
    } finally {
      setBusy(false);
    }
  };

  const pct = job && job.stepsTotal ? Math.min(100, (job.stepsDone / job.stepsTotal) * 100) : 0;
  return (
    <div className="space-y-4" data-testid="tune-panel">
      <p className="text-sm text-slate-600" data-testid="tuned-default">
        {state.setting ? (
          <>Searches use <strong>ef_search {state.setting.efSearch}</strong>, tuned <Time at={state.setting.tunedAt} /> for recall@k ≥ {state.setting.targetRecall} (measured {state.setting.measuredRecall.toFixed(3)}). A search&apos;s own ef_search still wins.</>
        ) : (
          <>Searches use the server&apos;s built-in ef_search (pgvector&apos;s is 40). Tuning measures recall against exact search for ef_search 10…400 and saves the smallest value that reaches your target.</>
        )}
      </p>
      {canTune ? (
        <form onSubmit={submit} className="flex flex-wrap items-end gap-3" data-testid="tune-form">
          <Field label="Target recall@10" hint="Between 0.5 and 1">
            <input name="target" type="number" step="0.01" min={0.5} max={1} defaultValue={defaultTarget} className={`w-28 ${inputClass}`} />
          </Field>
          <button type="submit" className={buttonClass} disabled={busy || running}>{running ? 'Tuning…' : 'Tune ef_search'}</button>
          {error ? <p role="status" className="text-sm text-rose-700" data-testid="tune-error">{error}</p> : null}
        </form>
      ) : null}
      {job ? (
        <div className="space-y-3" data-testid="tune-job" data-status={job.status}>
          {running ? (
            <div>
              <div className="mb-1 flex justify-between text-xs text-slate-600">
                <span>{job.curve.length === 0 ? 'Exact search (every row compared) for the sampled queries…' : `Measured ${job.curve.length} ef_search values…`}</span>
                <span className="tabular-nums">{Math.round(pct)} %</span>
              </div>
              <div className="h-2 rounded-full bg-slate-100"><div className="h-2 rounded-full bg-indigo-500 transition-all" style={{ width: `${pct}%` }} /></div>
            </div>
          ) : (
            <p className={`text-sm ${job.status === 'failed' ? 'text-rose-700' : 'text-slate-700'}`} data-testid="tune-message">{job.message} <span className="text-slate-500">(<Time at={job.finishedAt ?? job.startedAt} relative />)</span></p>
          )}
          <CurveChart testId="tune-curve" data={job.curve.map((p) => ({ ...p }))} xKey="ef" xLabel="ef_search (log scale)"
            left={[
              { key: 'recallSampled', label: 'recall@k, rows of the collection', color: '#6366f1' },
              { key: 'recallHeldOut', label: 'recall@k, held-out points', color: '#0ea5e9', dashed: true },
            ]}
            leftLabel="recall@k" leftDomain={[Math.min(0.5, ...job.curve.map((p) => Math.floor(Math.min(p.recallSampled, p.recallHeldOut) * 10) / 10)), 1]}
            right={[{ key: 'p95Ms', label: 'p95 latency', color: '#f59e0b' }, { key: 'p50Ms', label: 'p50 latency', color: '#f59e0b', dashed: true }]}
            rightLabel="latency (ms)" rightUnit="ms" target={job.targetRecall} targetLabel={`target ${job.targetRecall}`} highlightX={job.chosenEfSearch} />
          <p className="text-xs text-slate-500">{job.queries} sampled queries (half rows of the collection, half held-out points near them), k = {job.k}; the chosen ef_search is the smallest where both lines reach the target.</p>
        </div>
      ) : null}
    </div>
  );
}
