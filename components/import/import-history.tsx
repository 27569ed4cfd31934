import Link from 'next/link';
import { Badge, Card, Table } from '@/components/ui/primitives';
import { formatDateTime, formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import type { ImportJobSummary } from '@/lib/imports/jobs';

const TONE = { done: 'green', failed: 'red', cancelled: 'amber', running: 'blue', validating: 'blue' } as const;

function duration(job: ImportJobSummary) {
  if (!job.finishedAt) return 'running';
  const s = Math.round((job.finishedAt.getTime() - job.startedAt.getTime()) / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The latest browser imports: what went where, how far it got, and what was refused. */
export function ImportHistory({ jobs }: { jobs: ImportJobSummary[] }) {
  return (
    <Card title="Recent imports">
      {jobs.length === 0 ? (
        <p className="text-sm text-slate-500">No imports yet. Imports started here are listed with their outcome; command-line imports (<code>npm run import</code>) are in the audit log.</p>
      ) : (
        <Table head={['File', 'Into', 'Status', 'Rows', 'Rejected', 'By', 'Started', 'Took']} numeric={[3, 4, 7]}>
          {jobs.map((j) => {
            // Out of the rows that passed validation, as the progress panel above counts them.
            const accepted = j.totalRows - j.rejectedCount;
            const share = accepted > 0 ? Math.min(1, j.processedRows / accepted) : 0;
            return (
              <tr key={j.id} data-testid="import-job-row">
                <td className="max-w-56 truncate px-4 py-2 font-mono text-xs" title={j.filename}>{j.filename}</td>
                <td className="px-4 py-2 text-sm">
                  <Link className="text-indigo-700 hover:underline" href={`/${j.targetKind === 'collection' ? 'collections' : 'namespaces'}/${encodeURIComponent(j.target)}`}>{j.target}</Link>
                  {j.targetKind === 'collection' ? <span className="ml-1 text-xs text-slate-500">collection</span> : null}
                </td>
                <td className="px-4 py-2"><Badge tone={TONE[j.status]}>{j.status}</Badge></td>
                <td className="num px-4 py-2 text-xs">
                  {formatNumber(j.processedRows)} / {formatNumber(accepted)}
                  <div className="mt-1 h-1.5 w-24 rounded-full bg-slate-100" aria-hidden>
                    <div className={`h-1.5 rounded-full ${j.status === 'done' ? 'bg-emerald-500' : j.status === 'failed' ? 'bg-rose-400' : 'bg-indigo-500'}`} style={{ width: `${share * 100}%` }} />
                  </div>
                </td>
                <td className={`num px-4 py-2 text-xs ${j.rejectedCount ? 'text-rose-700' : 'text-slate-500'}`}>{formatNumber(j.rejectedCount)}</td>
                <td className="px-4 py-2 text-xs text-slate-600">{j.by ?? '—'}</td>
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500"><Time at={j.startedAt} relative /></td>
                <td className="num px-4 py-2 text-xs text-slate-500">{duration(j)}</td>
              </tr>
            );
          })}
        </Table>
      )}
    </Card>
  );
}
