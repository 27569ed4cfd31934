import Link from 'next/link';
import { Badge, Card, EmptyState, PageHeader } from '@/components/ui/primitives';
import { formatNumber } from '@/components/ui/format';
import { NamespaceSelect } from '@/components/memories/namespace-select';
import { buttonClass, inputClass } from '@/components/ui/form';
import { MergeForm } from '@/components/duplicates/merge-form';
import { requirePage } from '@/lib/auth/guard';
import { orNotFound } from '@/lib/http/params';
import { can } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import { projectPool } from '@/lib/db/pools';
import { getCollection, hasColumn } from '@/lib/collections/catalog';
import { listNamespaces } from '@/lib/memories/namespaces';
import { DEFAULT_THRESHOLD, findDuplicates, type DuplicateMember, type DuplicatesReport } from '@/lib/duplicates/duplicates';
import { wordDiff } from '@/lib/duplicates/diff';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Duplicates' };
export const dynamic = 'force-dynamic';

type SP = { namespace?: string; threshold?: string; k?: string; after?: string; merged?: string };

function Member({ m, base }: { m: DuplicateMember; base: DuplicateMember }) {
  const parts = m === base ? [{ text: m.value ?? '', kind: 'same' as const }] : wordDiff(base.value ?? '', m.value ?? '');
  return (
    <div className="min-w-0 space-y-1.5 rounded-lg border border-slate-200 p-3 text-sm" data-testid="duplicate-member">
      <div className="font-mono text-xs text-indigo-700">{m.namespace ? `${m.namespace} · ` : ''}#{m.key}</div>
      <p className="whitespace-pre-wrap break-words text-slate-800" data-testid="member-value">
        {parts.map((p, i) => p.kind === 'same' ? <span key={i}>{p.text}</span>
          : p.kind === 'added' ? <ins key={i} className="bg-emerald-100 no-underline">{p.text}</ins>
          : <del key={i} className="bg-rose-100 text-rose-800">{p.text}</del>)}
      </p>
      {m.tags?.length ? <div className="flex flex-wrap gap-1">{m.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>)}</div> : null}
      {m.metadata && Object.keys(m.metadata).length ? <pre className="overflow-x-auto rounded bg-slate-50 p-1.5 text-xs text-slate-600">{JSON.stringify(m.metadata)}</pre> : null}
      <div className="text-xs text-slate-500">created {m.createdAt?.slice(0, 16).replace('T', ' ') ?? '—'} · updated {m.updatedAt?.slice(0, 16).replace('T', ' ') ?? '—'}</div>
    </div>
  );
}

async function DuplicatesPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SP> }) {
  const id = decodeURIComponent((await params).id);
  const sp = await searchParams;
  const user = await requirePage('read', `/collections/${encodeURIComponent(id)}/duplicates`);
  const collection = await orNotFound(getCollection(projectPool(), id, { counts: false }));
  const hasNamespace = hasColumn(collection, 'namespace');
  const namespaces = hasNamespace ? await listNamespaces() : [];
  let report: DuplicatesReport | null = null;
  let error: string | null = null;
  try {
    report = await findDuplicates({ collection: id, namespace: sp.namespace, threshold: sp.threshold, k: sp.k, after: sp.after });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
  }
  const admin = can(user.role, 'admin');
  const label = (m: DuplicateMember) => `#${m.key}${m.createdAt ? ` (${m.createdAt.slice(0, 10)})` : ''}`;
  const mergeForm = (members: DuplicateMember[]) => admin ? (
    <MergeForm collection={id} returnTo={returnTo} members={members.map((m) => ({ key: m.key, label: label(m) }))}
      canMergeTags={hasColumn(collection, 'tags', 'text[]')} canMergeMetadata={hasColumn(collection, 'metadata', 'jsonb')} />
  ) : null;
  const enc = encodeURIComponent(id);
  const query = new URLSearchParams(Object.entries(sp).filter(([k, v]) => v && k !== 'merged') as [string, string][]);
  const returnTo = `/collections/${enc}/duplicates${query.size ? `?${query}` : ''}`;
  const nextHref = report?.next ? `?${new URLSearchParams({ ...Object.fromEntries(query), after: report.next })}` : null;

  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/collections">Collections</Link> / <Link className="hover:underline" href={`/collections/${enc}`}>{id}</Link> / duplicates</div>
      <PageHeader title="Duplicates" description="Entries stored more than once: near-duplicates from each row's nearest neighbours in the HNSW index, and exact copies of the same value. Admins keep one and delete the rest." />
      <form className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="duplicates-form">
        {hasNamespace ? <NamespaceSelect namespaces={namespaces} value={sp.namespace} /> : null}
        <label className="text-xs text-slate-500">Similarity at least
          <input name="threshold" type="number" step="0.005" min={0.5} max={1} defaultValue={sp.threshold ?? DEFAULT_THRESHOLD} className={`mt-1 block w-28 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">Neighbours per row
          <input name="k" type="number" min={1} max={50} defaultValue={sp.k ?? 5} className={`mt-1 block w-24 ${inputClass}`} />
        </label>
        <button className={buttonClass}>Find duplicates</button>
      </form>
      {sp.merged ? <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200" data-testid="merged-banner">{sp.merged}</p> : null}
      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="duplicates-error">{error}</p> : null}
      {report ? (
        <>
          <p className="text-sm text-slate-600" data-testid="duplicates-summary">
            {formatNumber(report.scanned)} rows scanned · {report.near.length} near-duplicate cluster{report.near.length === 1 ? '' : 's'} ·{' '}
            {report.exact.length} group{report.exact.length === 1 ? '' : 's'} of exact copies · {report.k} neighbours per row through {report.index} (ef_search {report.efSearch}{report.iterative ? ', iterative scan' : ''})
            {nextHref ? <> · <Link className="text-indigo-700 hover:underline" href={nextHref}>scan the next rows →</Link></> : null}
          </p>
          <section className="space-y-3">
            <h2 className="text-lg font-semibold">Near-duplicates</h2>
            {report.near.length === 0 ? <EmptyState title="No near-duplicates">Nothing above {report.threshold} similarity; lower the threshold to look wider.</EmptyState> : null}
            {report.near.map((c) => (
              <Card key={c.keys.join(',')} title={`${c.members.length} entries · similarity ${c.minSimilarity.toFixed(3)}–${c.maxSimilarity.toFixed(3)}`}>
                <div data-testid="near-cluster" className="space-y-3">
                  <div className="grid gap-3" style={{ gridTemplateColumns: `repeat(${Math.min(c.members.length, 3)}, minmax(0, 1fr))` }}>
                    {c.members.map((m) => <Member key={m.key} m={m} base={c.members[0]} />)}
                  </div>
                  {mergeForm(c.members)}
                </div>
              </Card>
            ))}
          </section>
          <section className="space-y-3">
            <h2 className="text-lg font-semibold">Exact copies</h2>
            {report.exact.length === 0 ? <EmptyState title="No exact copies">No value is stored twice here.</EmptyState> : null}
            {report.exact.map((g) => (
              <Card key={`${g.namespace}/${g.hash}`} title={`${g.count} copies${g.namespace ? ` in ${g.namespace}` : ''}`}>
                <div data-testid="exact-group" className="space-y-2 text-sm">
                  <p className="text-slate-800">{g.members[0]?.value}</p>
                  <p className="font-mono text-xs text-slate-500">{g.members.map(label).join(' · ')}{g.count > g.members.length ? ` … and ${g.count - g.members.length} more` : ''}</p>
                  {mergeForm(g.members)}
                </div>
              </Card>
            ))}
          </section>
        </>
      ) : null}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(DuplicatesPage);
