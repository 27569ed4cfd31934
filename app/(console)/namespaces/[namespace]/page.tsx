import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, EmptyState, PageHeader, Pagination, Table } from '@/components/ui/primitives';
import { formatNumber, plural } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { DeleteNamespaceForm } from '@/components/memories/memory-forms';
import { inputClass, subtleButtonClass } from '@/components/ui/form';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { countMemories, listMemories, SORTS } from '@/lib/memories/memories';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { withConsistency } from '@/lib/db/replicas';
import { pagePathSegment } from '@/lib/http/params';
import { shownText } from '@/lib/display/bounded';
import { isOutageError, outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ namespace: string }> }) {
  return { title: pagePathSegment((await params).namespace) };
}

type Search = { page?: string; text?: string; tags?: string; meta_key?: string; meta_value?: string; sort?: string; consistency?: string };

async function NamespacePage({ params, searchParams }: { params: Promise<{ namespace: string }>; searchParams: Promise<Search> }) {
  const namespace = pagePathSegment((await params).namespace);
  const sp = await searchParams;
  const base = `/namespaces/${encodeURIComponent(namespace)}`;
  const user = await requirePage('read', base);
  const total = await countMemories(namespace).catch((err) => { if (isOutageError(err)) throw err; return 0; }); // an outage is not a 404
  if (total === 0) notFound();
  let data;
  let filterError: string | null = null;
  try {
    // ?consistency=primary: the list as the primary has it, not a replica a moment behind.
    data = await withConsistency(sp.consistency, () => listMemories({
      namespace, page: sp.page, text: sp.text || undefined, sort: (sp.sort || undefined) as keyof typeof SORTS | undefined,
      tags: sp.tags ? sp.tags.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
      metaKey: sp.meta_key || undefined, metaValue: sp.meta_value || undefined,
    }));
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    if (!(err instanceof ValidationError)) throw err;
    filterError = err.message;
  }
  const query = (page: number) => withParams({ page: String(page) });
  // Tags and metadata in the table are links that narrow the list to them (back on page 1).
  function withParams(changes: Search) {
    const p = new URLSearchParams(Object.entries({ ...sp, ...changes }).filter(([, v]) => v) as [string, string][]);
    return `${base}?${p}`;
  }
  const addTag = (t: string) => {
    const current = sp.tags ? sp.tags.split(',').map((x) => x.trim()).filter(Boolean) : [];
    return withParams({ tags: [...new Set([...current, t])].join(','), page: undefined });
  };
  const filtered = data && data.total !== total;
  const canWrite = can(user.role, 'write');
  return (
    <div>
      <div className="mb-2 text-sm text-slate-500">
        <Link className="hover:underline" href="/namespaces">Namespaces</Link> / {namespace}
      </div>
      <PageHeader
        title={namespace}
        description={filtered ? `${formatNumber(data!.total)} of ${plural(total, 'entry', 'entries')} match.` : `${plural(total, 'entry', 'entries')}.`}
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Link className={subtleButtonClass} href={`/search?namespace=${encodeURIComponent(namespace)}`}>Search here</Link>
            <Link className={subtleButtonClass} href={`/collections/${encodeURIComponent('public.memory_entries.embedding')}/duplicates?namespace=${encodeURIComponent(namespace)}`}>Duplicates</Link>
            <Link className={subtleButtonClass} href={`/collections/${encodeURIComponent('public.memory_entries.embedding')}/map?namespace=${encodeURIComponent(namespace)}`}>Map</Link>
            <a className={subtleButtonClass} href={`/api/v1/export?namespace=${encodeURIComponent(namespace)}&format=jsonl`}>Export JSONL</a>
            <a className={subtleButtonClass} href={`/api/v1/export?namespace=${encodeURIComponent(namespace)}&format=csv`}>Export CSV</a>
            {canWrite ? (
              <>
                <Link className={subtleButtonClass} href={`/import?namespace=${encodeURIComponent(namespace)}`}>Import</Link>
                <Link className={subtleButtonClass} href={`/memories/new?namespace=${encodeURIComponent(namespace)}`}>New entry</Link>
                <DeleteNamespaceForm namespace={namespace} count={total} />
              </>
            ) : null}
          </div>
        }
      />
      <form className="mb-4 flex flex-wrap items-end gap-2 rounded-xl border border-slate-200 bg-white p-3 shadow-sm" data-testid="entry-filters">
        <label className="text-xs text-slate-500">Text in key or value
          <input name="text" defaultValue={sp.text} className={`mt-1 block w-56 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">Tags (all of, comma-separated)
          <input name="tags" defaultValue={sp.tags} className={`mt-1 block w-48 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">Metadata key
          <input name="meta_key" defaultValue={sp.meta_key} className={`mt-1 block w-32 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">= value
          <input name="meta_value" defaultValue={sp.meta_value} className={`mt-1 block w-32 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">Sort
          <select name="sort" defaultValue={sp.sort ?? 'newest'} className={`mt-1 block ${inputClass}`}>
            <option value="newest">Newest first</option>
            <option value="oldest">Oldest first</option>
            <option value="updated">Recently updated</option>
            <option value="key">Key A–Z</option>
          </select>
        </label>
        <button className={subtleButtonClass}>Filter</button>
        {filtered || sp.sort ? <Link className="text-xs text-indigo-600 hover:underline" href={base}>Clear</Link> : null}
      </form>
      {filterError ? (
        <p className="mb-4 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="filter-error">{filterError}</p>
      ) : null}
      {data && data.entries.length === 0 ? (
        <EmptyState title="No entries match these filters">Loosen a filter, or clear them all.</EmptyState>
      ) : data ? (
        <>
          <Table head={['Key', 'Value', 'Tags', 'Metadata', 'Updated']} label="Entries">
            {data.entries.map((e) => (
              <tr key={e.id} className="align-top hover:bg-slate-50" data-testid="entry-row">
                <td className="whitespace-nowrap px-4 py-2.5 font-mono text-xs">
                  <Link className="text-indigo-700 hover:underline" href={`${base}/${encodeURIComponent(e.key)}`}>{e.key}</Link>
                  {!e.hasEmbedding ? <div className="mt-1"><Badge tone="amber">no embedding</Badge></div> : null}
                </td>
                <td className="max-w-md px-4 py-2.5 text-slate-700"><p className="line-clamp-2">{e.value}</p></td>
                <td className="px-4 py-2.5">
                  <div className="flex flex-wrap gap-1">
                    {e.tags.map((t) => <Link key={t} href={addTag(t)} title={`Only entries tagged ${t}`} className="inline-flex min-h-6 items-center rounded-md hover:opacity-75"><Badge tone="blue">{t}</Badge></Link>)}
                  </div>
                </td>
                <td className="min-w-56 px-4 py-2.5">
                  {/* Metadata as key: value chips side by side (rows stay short); each value filters by itself. */}
                  <div className="flex flex-wrap gap-1 text-xs">
                    {Object.entries(e.metadata).slice(0, 4).map(([k, v]) => {
                      const chip = 'inline-flex min-h-6 max-w-56 items-center gap-1 rounded-md bg-slate-50 px-1.5 ring-1 ring-inset ring-slate-200';
                      const text = shownText(typeof v === 'object' ? JSON.stringify(v) : String(v), 200).text;
                      const body = <><span className="text-slate-500">{k}:</span><span className="truncate font-mono text-slate-700">{text}</span></>;
                      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? (
                        <Link key={k} className={`${chip} hover:bg-indigo-50 hover:ring-indigo-200`} href={withParams({ meta_key: k, meta_value: String(v), page: undefined })} title={`Only entries with ${k} = ${text}`}>{body}</Link>
                      ) : <span key={k} className={chip}>{body}</span>;
                    })}
                  </div>
                </td>
                <td className="whitespace-nowrap px-4 py-2.5 text-xs text-slate-500">
                  <Time at={e.updatedAt} relative />
                  {e.createdAt && e.updatedAt && e.createdAt.getTime() !== e.updatedAt.getTime() ? (
                    <div className="text-slate-500">created <Time at={e.createdAt} relative /></div>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
          <Pagination page={data.page} pages={data.pages} href={query} />
        </>
      ) : null}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(NamespacePage);
