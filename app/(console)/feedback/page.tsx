import Link from 'next/link';
import { Badge, EmptyState, PageHeader, Pagination, Table } from '@/components/ui/primitives';
import { formatDateTime, formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { inputClass, buttonClass, subtleButtonClass } from '@/components/ui/form';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { listGenerations, type GenerationFilters } from '@/lib/generations/generations';
import { ratingBy, ratingDistribution, ratingOverTime } from '@/lib/feedback/analytics';
import { RatingCharts } from '@/components/charts/rating-charts';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Feedback' };
export const dynamic = 'force-dynamic';

type SP = Record<string, string | undefined>;

const stars = (avg: number | null) => (avg === null ? '—' : `${avg.toFixed(1)}★`);

async function FeedbackPage({ searchParams }: { searchParams: Promise<SP> }) {
  const user = await requirePage('read', '/feedback');
  const sp = await searchParams;
  const filters: GenerationFilters = {
    artifactType: sp.type, provider: sp.provider, model: sp.model, minRating: sp.min, maxRating: sp.max,
    feedback: (sp.feedback as GenerationFilters['feedback']) || undefined, from: sp.from, to: sp.to, page: sp.page,
  };
  let data;
  let error: string | null = null;
  try {
    data = await listGenerations(filters);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
    data = await listGenerations({});
  }
  const bucket = sp.bucket === 'week' ? 'week' : 'day';
  const [distribution, overTime, byTemplate, byModel, byProvider] = await Promise.all([
    ratingDistribution(), ratingOverTime({ bucket }), ratingBy('template'), ratingBy('model'), ratingBy('provider'),
  ]);
  const href = (page: number) => `/feedback?${new URLSearchParams(Object.entries({ ...sp, page: String(page) }).filter(([, v]) => v) as [string, string][])}`;
  const select = (name: string, label: string, options: string[], value?: string) => (
    <label className="text-xs text-slate-500">{label}
      <select name={name} defaultValue={value ?? ''} className={`mt-1 block ${inputClass}`}>
        <option value="">any</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
  return (
    <div className="space-y-4">
      <PageHeader
        title="Feedback"
        description="Generations with their ratings. Reviewers work through the queue one item at a time."
        actions={can(user.role, 'review') ? <Link className={buttonClass} href="/review">Start reviewing →</Link> : null}
      />
      <RatingCharts distribution={distribution} overTime={overTime} bucket={bucket} />
      <div className="grid gap-6 xl:grid-cols-3" data-testid="rating-breakdowns">
        {([['By template', byTemplate], ['By model', byModel], ['By provider', byProvider]] as const).map(([title, rows]) => (
          <section key={title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="mb-2 text-sm font-semibold text-slate-700">{title} <span className="font-normal text-slate-500">(lowest first)</span></h2>
            <ul className="max-h-56 space-y-1 overflow-auto text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400" tabIndex={0} aria-label={title}>
              {rows.map((r) => (
                <li key={r.key} className="flex items-center justify-between gap-2">
                  <span className="truncate">{r.key}</span>
                  <span className="shrink-0 tabular-nums"><Badge tone={r.avg < 3 ? 'red' : r.avg >= 4 ? 'green' : 'slate'}>{r.avg.toFixed(2)}★</Badge> <span className="text-xs text-slate-500">n={r.n}</span></span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <h2 className="pt-2 text-lg font-semibold">Generations</h2>
      <form className="flex flex-wrap items-end gap-2 rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
        {select('type', 'Artifact type', data.facets.types, sp.type)}
        {select('provider', 'Provider', data.facets.providers, sp.provider)}
        {select('model', 'Model', data.facets.models, sp.model)}
        <label className="text-xs text-slate-500">Avg rating from
          <input name="min" type="number" min={1} max={5} step="0.5" defaultValue={sp.min} className={`mt-1 block w-20 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">to
          <input name="max" type="number" min={1} max={5} step="0.5" defaultValue={sp.max} className={`mt-1 block w-20 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">Feedback
          <select name="feedback" defaultValue={sp.feedback ?? 'any'} className={`mt-1 block ${inputClass}`}>
            <option value="any">any</option><option value="with">with feedback</option><option value="without">without feedback</option>
          </select>
        </label>
        <label className="text-xs text-slate-500">From<input name="from" type="date" defaultValue={sp.from} className={`mt-1 block ${inputClass}`} /></label>
        <label className="text-xs text-slate-500">To<input name="to" type="date" defaultValue={sp.to} className={`mt-1 block ${inputClass}`} /></label>
        <button className={subtleButtonClass}>Filter</button>
      </form>
      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="filter-error">{error}</p> : null}
      <p className="text-sm text-slate-500" data-testid="generations-total">
        {data.total.kind === 'estimate' ? `≈ ${formatNumber(data.total.n)} generations (the planner's estimate)` : data.total.kind === 'atLeast' ? `More than ${formatNumber(data.total.n)} generations match` : `${formatNumber(data.total.n)} generations`}
      </p>
      {data.rows.length === 0 ? <EmptyState title="No generations match">Loosen a filter.</EmptyState> : (
        <>
          <Table head={['Generation', 'Type', 'Provider / model', 'Tokens', 'Cost', 'Quality', 'Rating', 'Created']} numeric={[3, 4, 5]}>
            {data.rows.map((g) => (
              <tr key={g.id} className="hover:bg-slate-50" data-testid="generation-row">
                <td className="px-4 py-2"><Link className="text-indigo-700 hover:underline" href={`/generations/${encodeURIComponent(g.id)}`}>{g.name}</Link><div className="font-mono text-xs text-slate-500">{g.id}</div></td>
                <td className="px-4 py-2"><Badge>{g.artifact_type}</Badge></td>
                <td className="px-4 py-2 text-xs">{g.provider} / {g.model}</td>
                <td className="num px-4 py-2 text-xs">{formatNumber(g.tokens_used ?? 0)}</td>
                <td className="num px-4 py-2 text-xs">${Number(g.cost ?? 0).toFixed(4)}</td>
                <td className="num px-4 py-2 text-xs">{g.quality_score?.toFixed(2) ?? '—'}</td>
                <td className="px-4 py-2 text-xs">{stars(g.avg_rating)} <span className="text-slate-500">({g.feedback_count})</span></td>
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500"><Time at={g.created_at} relative /></td>
              </tr>
            ))}
          </Table>
          <Pagination page={data.page} pages={data.pages} href={href} />
        </>
      )}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(FeedbackPage);
