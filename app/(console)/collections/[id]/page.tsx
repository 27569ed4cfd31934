import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, Card, EmptyState, PageHeader, Pagination, Table } from '@/components/ui/primitives';
import { formatBytes, formatCount, formatNumber } from '@/components/ui/format';
import { subtleButtonClass } from '@/components/ui/form';
import { BuildIndexForm, DropCollectionForm } from '@/components/collections/collection-forms';
import { CellValue } from '@/components/collections/cell-value';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { projectPool } from '@/lib/db/pools';
import { ValidationError } from '@/lib/errors';
import { getCollection, MEMORY_COLLECTION } from '@/lib/collections/catalog';
import { browseCollection, collectionRow, createdByConsole, dropConfirmation } from '@/lib/collections/collections';
import { pagePathSegment, orNotFound } from '@/lib/http/params';
import { shownJson } from '@/lib/display/bounded';
import { TruncationNote } from '@/components/ui/truncation-note';
import { TunePanel, type TuningStateJson } from '@/components/collections/tune-panel';
import { TUNE_DEFAULTS, tuningState } from '@/lib/search/tuning';
import { isOutageError, outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: pagePathSegment((await params).id) };
}


async function CollectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string; row?: string; filter?: string; stale_days?: string }> }) {
  const id = pagePathSegment((await params).id);
  const sp = await searchParams;
  const user = await requirePage('read', `/collections/${encodeURIComponent(id)}`);
  const collection = await orNotFound(getCollection(projectPool(), id));
  const data = await browseCollection(collection, sp.page, { filter: sp.filter, stale_days: sp.stale_days }).catch((err) => { if (isOutageError(err)) throw err; return null; }); // an outage is not a 404
  if (!data) notFound();
  // A row id that is not of the key's type (a hand-edited URL) selects nothing.
  const selected = sp.row ? await collectionRow(collection, sp.row).catch((err) => { if (err instanceof ValidationError) return null; throw err; }) : null;
  const droppable = can(user.role, 'admin') && (await createdByConsole(collection));
  const columns = collection.columns.map((c) => c.name).filter((c) => c !== collection.column);
  const enc = encodeURIComponent(id);
  const hnsw = collection.indexes.find((i) => i.method === 'hnsw');
  const tuning = hnsw ? (JSON.parse(JSON.stringify(await tuningState(id))) as TuningStateJson) : null;
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/collections">Collections</Link> / {id}</div>
      <PageHeader
        title={`${collection.schema}.${collection.table}`}
        description={`${formatCount(collection.rows, collection.rowsEstimated)} rows · ${collection.column} vector(${collection.dimension})`}
        actions={
          <div className="flex gap-2">
            <Link className={subtleButtonClass} href={`/search?collection=${enc}`}>Search</Link>
            <Link className={subtleButtonClass} href={`/collections/${enc}/duplicates`}>Duplicates</Link>
            <Link className={subtleButtonClass} href={`/collections/${enc}/map`}>Map</Link>
            <Link className={subtleButtonClass} href={`/collections/${enc}/health`}>Embedding health</Link>
            <a className={subtleButtonClass} href={`/api/v1/export?collection=${enc}&format=jsonl`}>Export JSONL</a>
            <a className={subtleButtonClass} href={`/api/v1/export?collection=${enc}&format=csv`}>Export CSV</a>
            {can(user.role, 'write') && id !== MEMORY_COLLECTION ? <Link className={subtleButtonClass} href={`/import?collection=${enc}`}>Import</Link> : null}
          </div>
        }
      />
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Vector indexes">
          {collection.indexes.length === 0 ? (
            <p className="text-sm text-amber-800">No vector index: every search compares all {formatNumber(collection.rows)} rows.</p>
          ) : (
            <ul className="space-y-2 text-sm" data-testid="index-list">
              {collection.indexes.map((i) => (
                <li key={i.name}>
                  <Badge tone="green">{i.method}</Badge> <span className="font-mono">{i.name}</span> · {i.distance ?? 'unknown'} distance ·{' '}
                  {Object.entries(i.options).map(([k, v]) => `${k}=${v}`).join(', ') || 'default parameters'} · {formatBytes(i.bytes)}
                  <code className="mt-1 block break-all text-xs text-slate-500">{i.definition}</code>
                </li>
              ))}
            </ul>
          )}
        </Card>
        {can(user.role, 'write') ? (
          <Card title="Build or rebuild an index">
            <BuildIndexForm collection={id} m={hnsw ? Number(hnsw.options.m ?? 16) : undefined} efConstruction={hnsw ? Number(hnsw.options.ef_construction ?? 64) : undefined} />
          </Card>
        ) : null}
        {tuning ? (
          <Card title="Search accuracy: ef_search" className="xl:col-span-2">
            <TunePanel collection={id} initial={tuning} canTune={can(user.role, 'admin')} defaultTarget={TUNE_DEFAULTS.target} />
          </Card>
        ) : null}
        {droppable ? (
          <Card title="Drop this collection">
            <DropCollectionForm collection={id} confirmation={dropConfirmation(collection, collection.rows)} />
          </Card>
        ) : null}
      </div>
      {selected ? (
        <Card title={`Row ${sp.row}`}>
          <pre className="overflow-x-auto rounded-lg bg-slate-50 p-3 font-mono text-xs" data-testid="selected-row">{shownJson(selected).text}</pre>
          <TruncationNote shown={shownJson(selected)} href={`/api/v1/export?collection=${enc}&format=jsonl`} />
          <Link className="mt-2 inline-block text-sm text-indigo-600 hover:underline" href={`/search?collection=${enc}&like=${encodeURIComponent(sp.row!)}&like_label=${encodeURIComponent(`${collection.table} #${sp.row}`)}`}>More like this →</Link>
        </Card>
      ) : null}
      {data.filter ? (
        <p className="flex items-center gap-2 text-sm text-slate-600" data-testid="row-filter">
          <Badge tone="amber">{data.filter.replace('_', ' ')}</Badge> only the rows this embedding-health figure counts ·
          <Link className="text-indigo-700 hover:underline" href={`/collections/${enc}`}>show all rows</Link> ·
          <Link className="text-indigo-700 hover:underline" href={`/collections/${enc}/health`}>back to embedding health</Link>
        </p>
      ) : null}
      {data.rows.length === 0 && data.filter ? (
        <EmptyState title="No rows match">None of the rows has this problem any more.</EmptyState>
      ) : data.rows.length === 0 ? (
        <EmptyState title="This collection is empty">Import rows or write them from your agents; they appear here.</EmptyState>
      ) : (
        <>
          <Table head={[...columns, 'vector']}>
            {data.rows.map((r) => (
              <tr key={r.key} className={`align-top ${sp.row === r.key ? 'bg-indigo-50' : ''}`} data-testid="collection-data-row">
                {columns.map((c) => (
                  <CellValue key={c} value={r.row[c]} href={c === collection.keyColumn ? `/collections/${enc}?page=${data.page}&row=${encodeURIComponent(r.key)}` : undefined} />
                ))}
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">
                  {r.hasVector ? <>‖v‖ = {r.norm!.toFixed(3)} · <Link className="text-indigo-600 hover:underline" href={`/search?collection=${enc}&like=${encodeURIComponent(r.key)}&like_label=${encodeURIComponent(`${collection.table} #${r.key}`)}`}>similar</Link></> : <Badge tone="amber">no vector</Badge>}
                </td>
              </tr>
            ))}
          </Table>
          <Pagination page={data.page} pages={data.pages} href={(p) => `/collections/${enc}?page=${p}${data.filter ? `&filter=${data.filter}&stale_days=${sp.stale_days ?? ''}` : ''}`} />
        </>
      )}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(CollectionPage);
