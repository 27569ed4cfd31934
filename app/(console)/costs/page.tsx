import { PageHeader, Stat } from '@/components/ui/primitives';
import { inputClass, subtleButtonClass } from '@/components/ui/form';
import { CostCharts } from '@/components/charts/rating-charts';
import { requirePage } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { costSeries, costTotals } from '@/lib/feedback/analytics';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Costs' };
export const dynamic = 'force-dynamic';

const usd = (v: number | null) => (v === null ? '—' : `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function CostsPage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string; by?: string }> }) {
  await requirePage('read', '/costs');
  const sp = await searchParams;
  const range = { from: sp.from || isoDay(new Date(Date.now() - 29 * 86_400_000)), to: sp.to || isoDay(new Date()) };
  let error: string | null = null;
  let totals;
  try {
    totals = await costTotals(range);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
    range.from = isoDay(new Date(Date.now() - 29 * 86_400_000));
    range.to = isoDay(new Date());
    totals = await costTotals(range);
  }
  const [daily, monthly] = await Promise.all([
    costSeries({ period: 'daily', ...range }),
    costSeries({ period: 'monthly', from: isoDay(new Date(Date.now() - 365 * 86_400_000)), to: range.to }),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader title="Costs" description="What generating costs per day and month, by provider or model, and what a well-rated generation costs." />
      <form className="flex flex-wrap items-end gap-2">
        <label className="text-xs text-slate-500">From<input type="date" name="from" defaultValue={range.from} className={`mt-1 block ${inputClass}`} /></label>
        <label className="text-xs text-slate-500">To<input type="date" name="to" defaultValue={range.to} className={`mt-1 block ${inputClass}`} /></label>
        <label className="text-xs text-slate-500">Group by
          <select name="by" defaultValue={sp.by === 'model' ? 'model' : 'provider'} className={`mt-1 block ${inputClass}`}>
            <option value="provider">provider</option><option value="model">model</option>
          </select>
        </label>
        <button className={subtleButtonClass}>Apply</button>
      </form>
      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="range-error">{error}</p> : null}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <Stat label="Today" value={usd(totals.today)} testId="cost-today" />
        <Stat label="This month" value={usd(totals.month)} testId="cost-month" />
        <Stat label={`${range.from} – ${range.to}`} value={usd(totals.range)} testId="cost-range" />
        <Stat label="Per generation rated good" value={usd(totals.costPerGood)} hint={`over ${totals.goodGenerations} generations averaging ≥ 4★`} />
      </div>
      <CostCharts daily={daily} monthly={monthly} by={sp.by === 'model' ? 'model' : 'provider'} days={[Date.parse(range.from), Date.parse(range.to)]} />
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(CostsPage);
