// The memory map on the demo data (native PostgreSQL): the namespaces come out as separate
// clusters, the same seed gives the same map, and a change to the rows gives a new one.
import { describe, expect, it } from 'vitest';
import { projectPool } from '@/lib/db/pools';
import { memoryMap, type MemoryMap } from './map';
import { pca2 } from './projection';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

useNativeProjectDatabase('recall_map', { poolMax: 4, seed: true });

async function finished(input: Record<string, unknown>): Promise<MemoryMap> {
  for (;;) {
    const m = await memoryMap(input);
    if (m.umap.status !== 'running') return m;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Share of points whose 10 nearest points on the map are mostly of their own group. */
function separation(m: MemoryMap) {
  const pts = m.points;
  let good = 0;
  for (const p of pts) {
    const near = pts.filter((q) => q !== p).map((q) => [(q.x - p.x) ** 2 + (q.y - p.y) ** 2, q.group] as const).sort((a, b) => a[0] - b[0]).slice(0, 10);
    if (near.filter(([, g]) => g === p.group).length >= 6) good++;
  }
  return good / pts.length;
}

describe('memoryMap', () => {
  it('projects with PCA at once and UMAP in the background, namespaces as separate clusters, deterministic per seed', async () => {
    const first = await memoryMap({ method: 'umap', seed: 7 });
    expect(first.method).toBe('pca');
    expect(first.points.length).toBeGreaterThan(2800);
    expect(first.groups.map((g) => g.name).sort()).toEqual(['code_snippets', 'conversations', 'docs', 'incidents', 'research', 'user_prefs']);
    const done = await finished({ method: 'umap', seed: 7 });
    expect(done).toMatchObject({ method: 'umap', umap: { status: 'done', progress: 1 }, sampled: false });
    expect(separation(done)).toBeGreaterThan(0.8);
    const p = done.points.find((x) => x.label === 'docs/' + x.label.split('/')[1])!;
    expect(p.href).toBe(`/namespaces/docs/${encodeURIComponent(p.label.split('/')[1])}`);
    for (const q of done.points) {
      expect(q.x).toBeGreaterThanOrEqual(0);
      expect(q.y).toBeLessThanOrEqual(1);
    }
    // The same seed again: the cached map; a new version of the rows: a new map.
    expect((await memoryMap({ method: 'umap', seed: 7 })).points).toEqual(done.points);
    await projectPool().query(`UPDATE memory_entries SET updated_at = NOW() WHERE id = (SELECT min(id) FROM memory_entries)`);
    const changed = await memoryMap({ method: 'umap', seed: 7 });
    expect(changed.version).not.toBe(done.version);
    expect(changed.method).toBe('pca');
  }, 240_000);

  it('colours by a tag or a metadata key, for one namespace', async () => {
    const m = await memoryMap({ namespace: 'incidents', color: 'meta:source', method: 'pca' });
    expect(m.points.every((p) => p.label.startsWith('incidents/'))).toBe(true);
    expect(m.groups.length).toBeGreaterThan(1);
    await expect(memoryMap({ color: 'colour' })).rejects.toThrow('color: must be namespace, tag or meta:<key>');
    await expect(memoryMap({ collection: 'public.content_vectors.vector', namespace: 'docs' })).rejects.toThrow('namespace: public.content_vectors.vector has no namespace column');
  });
});

describe('pca2', () => {
  it('finds the direction of most variance, the same way each run', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [i, i * 0.5 + (i % 3), (i % 7) * 0.01]);
    const a = pca2(rows, 1);
    expect(pca2(rows, 1)).toEqual(a);
    const xs = a.map((p) => p[0]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(200);
  });
});
