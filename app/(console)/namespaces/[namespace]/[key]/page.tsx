import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, Card, PageHeader } from '@/components/ui/primitives';
import { formatDateTime } from '@/components/ui/format';
import { CopyVectorButton, DeleteEntryButton, EmbedButton, MemoryForm } from '@/components/memories/memory-forms';
import { NeighbourList } from '@/components/search/neighbour-list';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { embeddingProvider } from '@/lib/embeddings/provider';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { getMemory, memoryDimension } from '@/lib/memories/memories';
import { searchCollection } from '@/lib/search/search';
import { pagePathSegment } from '@/lib/http/params';
import { shownJson, shownText } from '@/lib/display/bounded';
import { TruncationNote } from '@/components/ui/truncation-note';
import { outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

type Params = { namespace: string; key: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  return { title: pagePathSegment((await params).key) };
}

async function EntryPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<{ edit?: string }> }) {
  const p = await params;
  const namespace = pagePathSegment(p.namespace);
  const key = pagePathSegment(p.key);
  const nsPath = `/namespaces/${encodeURIComponent(namespace)}`;
  const user = await requirePage('read', `${nsPath}/${encodeURIComponent(key)}`);
  let entry;
  try {
    entry = await getMemory(namespace, key);
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ValidationError) notFound();
    throw err;
  }
  const editing = (await searchParams).edit === '1' && can(user.role, 'write');
  const neighbours = entry.embedding
    ? await searchCollection({ like: String(entry.id), limit: 8, min_similarity: 0, explain: false })
    : null;
  const norm = entry.embedding ? Math.sqrt(entry.embedding.reduce((s, x) => s + x * x, 0)) : null;
  const canWrite = can(user.role, 'write');
  const value = shownText(entry.value);
  const metadata = shownJson(entry.metadata);
  const download = `/api/v1/memories/${encodeURIComponent(namespace)}/${encodeURIComponent(key)}`;
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500">
        <Link className="hover:underline" href="/namespaces">Namespaces</Link> /{' '}
        <Link className="hover:underline" href={nsPath}>{namespace}</Link> / {key}
      </div>
      <PageHeader
        title={key}
        description={<>In <Link className="text-indigo-600 hover:underline" href={nsPath}>{namespace}</Link> · id {entry.id}</>}
        actions={canWrite && !editing ? (
          <div className="flex items-center gap-2">
            <Link className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50" href="?edit=1">Edit</Link>
            <DeleteEntryButton namespace={namespace} entryKey={key} />
          </div>
        ) : null}
      />
      {editing ? (
        <Card title="Edit entry">
          <MemoryForm initial={entry} dimension={await memoryDimension()} providerId={embeddingProvider().id} />
        </Card>
      ) : (
        <div className="grid gap-6 xl:grid-cols-3">
          <div className="space-y-6 xl:col-span-2">
            <Card title="Value">
              <pre className="whitespace-pre-wrap break-words font-mono text-sm text-slate-800" data-testid="entry-value">{value.text}</pre>
              <TruncationNote shown={value} href={download} />
            </Card>
            <Card title="Nearest neighbours" actions={entry.embedding ? <Link className="text-sm text-indigo-600 hover:underline" href={`/search?${new URLSearchParams({ like: String(entry.id), like_label: `${entry.namespace}/${entry.key}` })}`}>More like this →</Link> : null}>
              {!neighbours ? (
                <p className="text-sm text-slate-500">This entry has no vector, so it has no neighbours yet.</p>
              ) : (
                <NeighbourList testId="neighbours" items={neighbours.hits.map((h) => {
                  const row = h.row as { namespace: string; key: string; value: string };
                  return {
                    key: h.key, similarity: h.similarity, title: `${row.namespace}/${row.key}`, excerpt: row.value,
                    href: `/namespaces/${encodeURIComponent(row.namespace)}/${encodeURIComponent(row.key)}`,
                  };
                })} />
              )}
            </Card>
          </div>
          <div className="space-y-6">
            <Card title="Details">
              <dl className="space-y-3 text-sm">
                <div><dt className="text-xs uppercase tracking-wide text-slate-500">Tags</dt>
                  <dd className="mt-1 flex flex-wrap gap-1">{entry.tags.length ? entry.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>) : <span className="text-slate-500">none</span>}</dd></div>
                <div><dt className="text-xs uppercase tracking-wide text-slate-500">Created</dt><dd>{formatDateTime(entry.createdAt)}</dd></div>
                <div><dt className="text-xs uppercase tracking-wide text-slate-500">Updated</dt><dd>{formatDateTime(entry.updatedAt)}</dd></div>
                <div><dt className="text-xs uppercase tracking-wide text-slate-500">Metadata</dt>
                  <dd><pre className="mt-1 overflow-x-auto rounded-lg bg-slate-50 p-2 font-mono text-xs" data-testid="entry-metadata">{metadata.text}</pre>
                  <TruncationNote shown={metadata} href={download} /></dd></div>
              </dl>
            </Card>
            <Card title="Vector">
              {entry.embedding ? (
                <div className="space-y-2 text-sm" data-testid="entry-vector">
                  <div className="flex justify-between"><span className="text-slate-500">Dimensions</span><span className="tabular-nums">{entry.embedding.length}</span></div>
                  <div className="flex justify-between"><span className="text-slate-500">L2 norm</span><span className="tabular-nums">{norm!.toFixed(4)}</span></div>
                  <div className="text-slate-500">First values</div>
                  <code className="block break-all rounded-lg bg-slate-50 p-2 text-xs">[{entry.embedding.slice(0, 8).map((x) => x.toFixed(4)).join(', ')}, …]</code>
                  <CopyVectorButton vector={entry.embedding} />
                </div>
              ) : (
                <div className="space-y-2 text-sm">
                  <p className="text-slate-500">Stored without an embedding: similarity search cannot find it.</p>
                  {canWrite ? <EmbedButton namespace={namespace} entryKey={key} /> : null}
                </div>
              )}
            </Card>
          </div>
        </div>
      )}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(EntryPage);
