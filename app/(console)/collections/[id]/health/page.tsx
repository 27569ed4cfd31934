import Link from 'next/link';
import { Card, PageHeader } from '@/components/ui/primitives';
import { formatNumber } from '@/components/ui/format';
import { buttonClass, inputClass } from '@/components/ui/form';
import { EmbedMissingPanel } from '@/components/embedding-health/embed-missing-panel';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { orNotFound, pagePathSegment } from '@/lib/http/params';
import { collectionEmbeddingHealth } from '@/lib/embedding-health/jobs';
import { DEFAULT_STALE_DAYS, staleDaysField } from '@/lib/embedding-health/health';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Embedding health' };
export const dynamic = 'force-dynamic';

async function EmbeddingHealthPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ stale_days?: string }> }) {
  const id = pagePathSegment((await params).id);
  const sp = await searchParams;
  const user = await requirePage('read', `/collections/${encodeURIComponent(id)}/health`);
  // A hand-edited age is said, and the default used, rather than failing the page.
  const stale = staleDaysField.safeParse(sp.stale_days);
  const h = await orNotFound(collectionEmbeddingHealth({ collection: id, stale_days: stale.success ? stale.data : undefined }));
  const enc = encodeURIComponent(id);
  const missing = h.figures.find((f) => f.id === 'missing')!.count ?? 0;
  const approx = h.sampled ? '≈ ' : '';
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/collections">Collections</Link> / <Link className="hover:underline" href={`/collections/${enc}`}>{id}</Link> / embedding health</div>
      <PageHeader
        title="Embedding health"
        description={`Vectors that search cannot use well, and rows embedded by another model than the one configured now (${h.provider.model}, ${h.provider.dimension} dimensions). Each figure opens its rows.`}
      />
      {stale.success ? null : (
        <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200">stale_days: {stale.error.issues[0].message}; counted with {DEFAULT_STALE_DAYS} days.</p>
      )}
      <p className="text-sm text-slate-600" data-testid="health-basis">
        {h.sampled
          ? <>Figures are <strong>estimates</strong> from a sample of {formatNumber(h.sampledRows)} rows, scaled to the catalogue&apos;s estimate of {formatNumber(h.rows)} rows.</>
          : <>Exact counts over all {formatNumber(h.rows)} rows.</>}
      </p>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="health-figures">
        {h.figures.map((f) => {
          const bad = (f.count ?? 0) > 0;
          const href = `/collections/${enc}?filter=${f.id}${f.id === 'stale' ? `&stale_days=${h.staleDays}` : ''}`;
          return (
            <div key={f.id} className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid={`health-${f.id}`}>
              <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{f.label}</div>
              {f.count === null ? (
                <p className="text-sm text-slate-500">Does not apply: {f.note}.</p>
              ) : (
                <>
                  <div className="flex items-baseline gap-2">
                    {bad ? <Link className="text-2xl font-semibold text-indigo-700 hover:underline" href={href} data-testid="figure-link">{approx}{formatNumber(f.count)}</Link>
                      : <span className="text-2xl font-semibold text-emerald-700">0</span>}
                    <span className="text-sm text-slate-500">{((f.share ?? 0) * 100).toFixed(1)}% of rows</span>
                  </div>
                  <div className="h-1.5 rounded-full bg-slate-100" aria-hidden>
                    <div className={`h-1.5 rounded-full ${bad ? 'bg-amber-500' : 'bg-emerald-500'}`} style={{ width: `${Math.max(bad ? 2 : 0, (f.share ?? 0) * 100)}%` }} />
                  </div>
                  <p className="text-xs text-slate-500">{f.note}</p>
                </>
              )}
            </div>
          );
        })}
      </div>
      <form className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        <label className="text-xs text-slate-500">Stale after (days)
          <input name="stale_days" type="number" min={1} max={36500} defaultValue={h.staleDays} className={`mt-1 block w-28 ${inputClass}`} />
        </label>
        <button className={buttonClass}>Count again</button>
      </form>
      <Card title="Embed all missing">
        <p className="mb-3 text-sm text-slate-600">
          Embeds the rows without a vector through the configured provider ({h.provider.model}) in batches, and records the model in each row&apos;s metadata.
          The job runs in the background; any console instance shows its progress and can cancel it, and starting again picks up the rows still missing.
        </p>
        <EmbedMissingPanel collection={id} missing={missing} initialJob={h.job} admin={can(user.role, 'admin')} />
      </Card>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(EmbeddingHealthPage);
