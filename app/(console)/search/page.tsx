import Link from 'next/link';
import { Badge, EmptyState, PageHeader } from '@/components/ui/primitives';
import { NamespaceSelect } from '@/components/memories/namespace-select';
import { inputClass, buttonClass, subtleButtonClass } from '@/components/ui/form';
import { SimilarityBar } from '@/components/search/similarity-bar';
import { similarityRange } from '@/components/search/similarity-scale';
import { Diagnostics } from '@/components/search/diagnostics';
import { requirePage } from '@/lib/auth/guard';
import { projectPool } from '@/lib/db/pools';
import { AppError } from '@/lib/errors';
import { listNamespaces } from '@/lib/memories/namespaces';
import { listCollections, MEMORY_COLLECTION } from '@/lib/collections/catalog';
import { searchCollection, SIMILARITY_LABEL, type SearchResult } from '@/lib/search/search';
import { searchPageParams, searchQuery } from '@/lib/search/params';
import { PAGE_MIN_SIMILARITY, SEARCH_DEFAULTS } from '@/lib/search/defaults';
import { hitHref, hitText } from '@/lib/search/hits';
import { tunedEfSearch } from '@/lib/search/tuning';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Search' };
export const dynamic = 'force-dynamic';

type SP = Record<string, string | undefined>;

// The "similar to" query without its row (and the row's label, which the link that started it carries).
function withoutLike(params: URLSearchParams) {
  const p = new URLSearchParams(params);
  p.delete('like');
  p.delete('like_label');
  return p.toString();
}

async function SearchPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePage('read', '/search');
  const sp = await searchParams;
  const params = searchPageParams(sp);
  const minSimilarity = sp.min ?? String(PAGE_MIN_SIMILARITY);
  const collections = await listCollections(projectPool(), { counts: false });
  const collectionId = sp.collection || MEMORY_COLLECTION;
  const isMemory = collectionId === MEMORY_COLLECTION;
  const namespaces = isMemory ? await listNamespaces() : [];
  // An empty ef field searches with the collection's tuned default, so that is what it shows.
  const tuned = await tunedEfSearch(projectPool(), collectionId);
  const hasQuery = Boolean(sp.q || sp.like || sp.vector);

  let result: SearchResult | null = null;
  let error: string | null = null;
  let totalMs = 0;
  if (hasQuery) {
    const started = performance.now();
    try {
      result = await searchCollection({ ...searchQuery(params), min_similarity: minSimilarity });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      error = err.message;
    }
    totalMs = performance.now() - started;
  }
  const exportHref = (format: string) => `/api/v1/search?${new URLSearchParams({ ...Object.fromEntries(params), min: minSimilarity, format })}`;

  return (
    <div className="space-y-6">
      <PageHeader title="Search" description="Similarity search that shows why results rank as they do. The URL holds the query: share it." />
      <form className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid="search-form">
        <div className="flex flex-wrap items-end gap-2">
          <label className="min-w-60 flex-1 text-xs text-slate-600">Text
            <input name="q" defaultValue={sp.q} placeholder="e.g. rotate the API keys" className={`mt-1 block w-full ${inputClass}`} />
          </label>
          <label className="text-xs text-slate-500">Collection
            <select name="collection" defaultValue={collectionId} className={`mt-1 block max-w-72 ${inputClass}`}>
              {collections.map((c) => <option key={c.id} value={c.id}>{c.id} ({c.dimension})</option>)}
            </select>
          </label>
          {isMemory ? <NamespaceSelect namespaces={namespaces} value={sp.namespace} /> : null}
          <button className={buttonClass}>Search</button>
        </div>
        {params.has('like') ? (
          <div className="flex items-center gap-2 text-sm">
            <input type="hidden" name="like" value={sp.like} />
            {sp.like_label ? <input type="hidden" name="like_label" value={sp.like_label} /> : null}
            <Badge tone="violet">Similar to {sp.like_label ?? `the ${isMemory ? 'entry' : 'row'} with id ${sp.like}`}</Badge>
            <Link className="text-xs text-slate-600 underline" href={`/search?${withoutLike(params)}`}>remove</Link>
          </div>
        ) : null}
        <details className="text-sm" open={Boolean(sp.vector || sp.tags || sp.meta || sp.ef || sp.distance || sp.exact || sp.iterative)}>
          <summary className="cursor-pointer text-slate-600">Options</summary>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            <label className="text-xs text-slate-500">Limit (1–1000)
              <input name="limit" type="number" min={1} max={1000} defaultValue={sp.limit ?? String(SEARCH_DEFAULTS.limit)} className={`mt-1 block w-24 ${inputClass}`} />
            </label>
            <label className="text-xs text-slate-500">Min similarity (0–1)
              <input name="min" type="number" step="0.01" min={0} max={1} defaultValue={minSimilarity} className={`mt-1 block w-28 ${inputClass}`} />
            </label>
            <label className="text-xs text-slate-500">Distance
              <select name="distance" defaultValue={sp.distance ?? SEARCH_DEFAULTS.distance} className={`mt-1 block ${inputClass}`}>
                <option value="cosine">cosine (&lt;=&gt;)</option>
                <option value="l2">L2 (&lt;-&gt;)</option>
                <option value="ip">inner product (&lt;#&gt;)</option>
              </select>
            </label>
            <label className="text-xs text-slate-500">hnsw.ef_search
              <input name="ef" type="number" min={1} max={1000} defaultValue={sp.ef} placeholder={String(tuned?.efSearch ?? SEARCH_DEFAULTS.efSearch)}
                title={tuned ? `Empty: this collection's tuned default, ${tuned.efSearch}` : `Empty: the server's default (pgvector's is ${SEARCH_DEFAULTS.efSearch})`}
                data-testid="ef-search-input" className={`mt-1 block w-24 ${inputClass}`} />
            </label>
            <label className="text-xs text-slate-500">Tags (all of)
              <input name="tags" defaultValue={sp.tags} placeholder="a,b" className={`mt-1 block w-36 ${inputClass}`} />
            </label>
            <label className="text-xs text-slate-500">Metadata key=value
              <input name="meta" defaultValue={sp.meta} placeholder="source=chat" className={`mt-1 block w-40 ${inputClass}`} />
            </label>
            <label className="flex items-center gap-1.5 text-xs text-slate-600">
              <input type="checkbox" name="exact" value="1" defaultChecked={sp.exact === '1'} /> Compare with exact search (recall@k)
            </label>
            <label className="flex items-center gap-1.5 text-xs text-slate-600">
              <input type="checkbox" name="iterative" value="1" defaultChecked={sp.iterative === '1'} /> Iterative index scan (pgvector 0.8+)
            </label>
          </div>
          <label className="mt-3 block text-xs text-slate-500">Or paste a query vector (JSON array; replaces the text)
            <textarea name="vector" rows={2} defaultValue={sp.vector} className={`mt-1 block w-full font-mono text-xs ${inputClass}`} />
          </label>
        </details>
      </form>

      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="search-error">{error}</p> : null}

      {!hasQuery ? (
        <EmptyState title="Search by text, by an entry, or by a vector">
          Type what you are looking for; the configured embedder turns it into a vector. From any entry, “More like this”
          searches with its vector. Open Options to filter, change the distance, tune <code>ef_search</code>, or measure recall.
        </EmptyState>
      ) : result ? (
        <div className="grid gap-6 xl:grid-cols-3">
          <div className="min-w-0 space-y-3 xl:col-span-2">
            <div className="flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
              <span>
                <span data-testid="result-count">{result.hits.length} result{result.hits.length === 1 ? '' : 's'} · {SIMILARITY_LABEL[result.options.distance]}</span>
                {result.hits.length > 1 ? <span className="ml-1 text-xs"> · bars run from the lowest to the highest score shown</span> : null}
              </span>
              <span className="flex gap-2">
                <a className={subtleButtonClass} href={exportHref('jsonl')}>Export JSONL</a>
                <a className={subtleButtonClass} href={exportHref('csv')}>Export CSV</a>
              </span>
            </div>
            {result.warnings.map((w) => (
              <p key={w} className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="search-warning">{w}</p>
            ))}
            {result.hits.length === 0 ? (
              <EmptyState title="Nothing matched">Lower the minimum similarity, remove a filter, or raise ef_search.</EmptyState>
            ) : (
              <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-sm" data-testid="search-results">
                {result.hits.map((h, i, hits) => {
                  const row = h.row;
                  const text = hitText(row);
                  const href = hitHref(result!.collection.id, h.key, row);
                  return (
                    <li key={h.key} className="flex flex-wrap items-start gap-x-4 gap-y-1 px-4 py-3 sm:flex-nowrap" data-testid="search-hit">
                      <span className="w-6 pt-0.5 text-right text-xs tabular-nums text-slate-500">{i + 1}</span>
                      <SimilarityBar value={h.similarity} range={similarityRange(hits.map((x) => x.similarity))} />
                      <div className="min-w-0 flex-1">
                        <Link href={href} className="font-mono text-xs text-indigo-700 hover:underline">
                          {isMemory ? `${row.namespace}/${row.key}` : `${result!.collection.table} #${h.key}`}
                        </Link>
                        <p className="line-clamp-2 text-sm text-slate-700">{text}</p>
                        {Array.isArray(row.tags) && row.tags.length ? (
                          <div className="mt-1 flex flex-wrap gap-1">{(row.tags as string[]).map((t) => <Badge key={t} tone="blue">{t}</Badge>)}</div>
                        ) : null}
                      </div>
                      <span className="font-mono text-xs tabular-nums text-slate-500" title="distance">d={h.distance.toFixed(4)}</span>
                    </li>
                  );
                })}
              </ol>
            )}
          </div>
          <Diagnostics result={result} totalMs={totalMs} />
        </div>
      ) : null}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(SearchPage);
