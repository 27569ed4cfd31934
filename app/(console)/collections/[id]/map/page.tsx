import Link from 'next/link';
import { PageHeader } from '@/components/ui/primitives';
import { NamespaceSelect } from '@/components/memories/namespace-select';
import { buttonClass, inputClass } from '@/components/ui/form';
import { MemoryMapView } from '@/components/map/memory-map';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { orNotFound } from '@/lib/http/params';
import { projectPool } from '@/lib/db/pools';
import { getCollection, hasColumn } from '@/lib/collections/catalog';
import { listNamespaces } from '@/lib/memories/namespaces';
import { MAP_MAX_POINTS } from '@/lib/map/map';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Memory map' };
export const dynamic = 'force-dynamic';

async function MapPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ namespace?: string; color?: string; seed?: string; method?: string }> }) {
  const id = decodeURIComponent((await params).id);
  const sp = await searchParams;
  const user = await requirePage('read', `/collections/${encodeURIComponent(id)}/map`);
  const collection = await orNotFound(getCollection(projectPool(), id, { counts: false }));
  const hasNs = hasColumn(collection, 'namespace');
  const namespaces = hasNs ? await listNamespaces() : [];
  const enc = encodeURIComponent(id);
  const q = new URLSearchParams(Object.entries({ namespace: sp.namespace, color: sp.color, seed: sp.seed, method: sp.method }).filter(([, v]) => v) as [string, string][]);
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/collections">Collections</Link> / <Link className="hover:underline" href={`/collections/${enc}`}>{id}</Link> / map</div>
      <PageHeader title="Memory map" description={`Up to ${MAP_MAX_POINTS.toLocaleString('en')} vectors in two dimensions: PCA at once, then UMAP (seeded, so the same rows give the same map). Nearby points are similar memories.`} />
      <form className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
        {hasNs ? <NamespaceSelect namespaces={namespaces} value={sp.namespace} /> : null}
        <label className="text-xs text-slate-500">Colour by
          <input name="color" defaultValue={sp.color ?? (hasNs ? 'namespace' : '')} placeholder="namespace, tag or meta:key" className={`mt-1 block w-48 ${inputClass}`} />
        </label>
        <label className="text-xs text-slate-500">Projection
          <select name="method" defaultValue={sp.method ?? 'umap'} className={`mt-1 block ${inputClass}`}>
            <option value="umap">UMAP (PCA first)</option>
            <option value="pca">PCA only</option>
          </select>
        </label>
        <label className="text-xs text-slate-500">Seed
          <input name="seed" type="number" min={0} defaultValue={sp.seed ?? 42} className={`mt-1 block w-24 ${inputClass}`} />
        </label>
        <button className={buttonClass}>Draw</button>
      </form>
      <MemoryMapView url={`/api/v1/collections/${enc}/map${q.size ? `?${q}` : ''}`} collection={id}
        canTag={can(user.role, 'write') && hasColumn(collection, 'tags', 'text[]')} />
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(MapPage);
