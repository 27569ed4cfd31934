// The memory map: up to MAP_MAX_POINTS vectors of a collection (or one namespace) in 2-D, coloured
// by namespace, a tag or a metadata key. PCA answers at once; UMAP runs in the background with
// progress and replaces it when done. Results are cached per collection, filter, seed and data
// version (row count and newest change), so a change to the rows computes a new map.
import { z } from 'zod';
import { projectPool } from '@/lib/db/pools';
import { ValidationError, parseInput } from '@/lib/errors';
import { getCollection, hasColumn, qualified, quoteIdent, MEMORY_COLLECTION, type Collection } from '@/lib/collections/catalog';
import { namespaceField, wholeNumberBetween } from '@/lib/vector/validation';
import { blankAsMissing } from '@/lib/http/params';
import { traced } from '@/lib/metrics/recorder';
import { pca2, umap2 } from './projection';
import { readVectorBinary, vectorOut } from '@/lib/vector/binary';

export const MAP_MAX_POINTS = 20_000;

export const mapInput = z.object({
  collection: z.string().min(1, 'must not be empty').max(400, 'at most 400 characters').default(MEMORY_COLLECTION),
  namespace: z.preprocess(blankAsMissing, namespaceField.optional()),
  /** namespace | tag | meta:<key> */
  color: z.preprocess(blankAsMissing, z.string().max(120, 'at most 120 characters').regex(/^(namespace|tag|meta:[\w.-]+)$/, 'must be namespace, tag or meta:<key>').default('namespace')),
  seed: z.preprocess(blankAsMissing, wholeNumberBetween(0, 2_147_483_647).default(42)),
  method: z.preprocess(blankAsMissing, z.enum(['pca', 'umap'], { error: 'must be pca or umap' }).default('umap')),
});

export interface MapPoint { key: string; x: number; y: number; group: string; label: string; excerpt: string; href: string }
export interface MemoryMap {
  collection: string;
  namespace: string | null;
  color: string;
  seed: number;
  /** The projection these points come from: UMAP once it is done, PCA until then. */
  method: 'pca' | 'umap';
  umap: { status: 'running' | 'done' | 'failed'; progress: number; error?: string };
  total: number;
  sampled: boolean;
  version: string;
  groups: { name: string; count: number }[];
  points: MapPoint[];
}

interface Loaded { keys: string[]; vectors: number[][]; groups: string[]; labels: string[]; excerpts: string[]; hrefs: string[]; total: number; sampled: boolean; version: string }
interface Job { loaded: Loaded; pca: [number, number][]; umap: [number, number][] | null; status: 'running' | 'done' | 'failed'; progress: number; error?: string; at: number }

// On globalThis so route handlers and pages share it; a few recent maps only.
const store = globalThis as unknown as { __recallMaps?: Map<string, Job> };
const jobs = (): Map<string, Job> => (store.__recallMaps ??= new Map<string, Job>());
const KEEP = 6;

function filters(c: Collection, namespace: string | undefined) {
  const params: unknown[] = [];
  const where = [`t.${quoteIdent(c.column)} IS NOT NULL`];
  if (namespace !== undefined) where.push(`t.namespace = $${params.push(namespace)}`);
  return { params, where };
}

/** What the map is of, as cheaply as it can be told: the row count and the newest change. */
async function dataVersion(c: Collection, namespace: string | undefined) {
  if (namespace !== undefined && !hasColumn(c, 'namespace')) throw new ValidationError('namespace', `${c.id} has no namespace column`);
  if (!c.keyColumn) throw new ValidationError('collection', `${c.id} has no single-column primary key to name its points by`);
  const { params, where } = filters(c, namespace);
  const stamp = hasColumn(c, 'updated_at') ? 'max(t.updated_at)::text' : hasColumn(c, 'created_at') ? 'max(t.created_at)::text' : `max(t.${quoteIdent(c.keyColumn)})::text`;
  const { rows: [v] } = await projectPool().query(`SELECT count(*)::int AS n, ${stamp} AS stamp FROM ${qualified(c)} t WHERE ${where.join(' AND ')}`, params);
  return { total: v.n as number, version: `${v.n}:${v.stamp ?? ''}` };
}

async function load(c: Collection, namespace: string | undefined, color: string, seed: number, total: number, version: string): Promise<Loaded> {
  const pool = projectPool();
  const hasNs = hasColumn(c, 'namespace');
  if (color === 'namespace' && !hasNs) color = 'none';
  if (color === 'tag' && !hasColumn(c, 'tags', 'text[]')) throw new ValidationError('color', `${c.id} has no tags column`);
  if (color.startsWith('meta:') && !hasColumn(c, 'metadata', 'json')) throw new ValidationError('color', `${c.id} has no metadata column`);
  const t = qualified(c);
  const key = quoteIdent(c.keyColumn!);
  const vec = quoteIdent(c.column);
  const { params, where } = filters(c, namespace);
  const sampled = total > MAP_MAX_POINTS;
  // Beyond the cap, a seeded Bernoulli sample (repeatable for the same seed), trimmed to the cap.
  const from = sampled ? `${t} t TABLESAMPLE BERNOULLI (${Math.min(100, ((MAP_MAX_POINTS * 1.1) / total) * 100).toFixed(4)}) REPEATABLE (${seed})` : `${t} t`;
  const text = ['value', 'content', 'text', 'title', 'name'].find((n) => hasColumn(c, n));
  const group = color === 'namespace' ? 't.namespace' : color === 'tag' ? `coalesce(t.tags[1], '(no tag)')` : color.startsWith('meta:') ? `coalesce(t.metadata->>$${params.push(color.slice(5))}, '(none)')` : `''`;
  const { rows } = await pool.query(
    `SELECT t.${key}::text AS key, ${vectorOut(`t.${vec}`)} AS v, ${group}::text AS g,
            ${hasNs ? 't.namespace' : 'NULL'}::text AS ns, ${hasColumn(c, 'key') ? 't.key' : 'NULL'}::text AS k,
            ${text ? `left(t.${quoteIdent(text)}::text, 160)` : `''`} AS excerpt
       FROM ${from} WHERE ${where.join(' AND ')} ORDER BY t.${key} LIMIT ${MAP_MAX_POINTS}`,
    params,
  );
  const isMemory = c.id === MEMORY_COLLECTION;
  return {
    keys: rows.map((r) => r.key),
    vectors: rows.map((r) => readVectorBinary(r.v)),
    groups: rows.map((r) => r.g ?? ''),
    labels: rows.map((r) => (r.ns && r.k ? `${r.ns}/${r.k}` : `#${r.key}`)),
    excerpts: rows.map((r) => r.excerpt ?? ''),
    hrefs: rows.map((r) => (isMemory && r.ns && r.k ? `/namespaces/${encodeURIComponent(r.ns)}/${encodeURIComponent(r.k)}` : `/collections/${encodeURIComponent(c.id)}?row=${encodeURIComponent(r.key)}`)),
    total,
    sampled,
    version,
  };
}

function normalise(xy: [number, number][]): [number, number][] {
  if (!xy.length) return xy;
  const xs = xy.map((p) => p[0]);
  const ys = xy.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return xy.map(([x, y]) => [Math.round(((x - x0) / (x1 - x0 || 1)) * 1e4) / 1e4, Math.round(((y - y0) / (y1 - y0 || 1)) * 1e4) / 1e4]);
}

/** The map now: the cached one, or PCA at once while UMAP starts in the background. */
export const memoryMap = traced('map.get', async function memoryMap(input: unknown): Promise<MemoryMap> {
  const q = parseInput(mapInput, input);
  const c = await getCollection(projectPool(), q.collection, { counts: false });
  const { total, version } = await dataVersion(c, q.namespace);
  const id = `${c.id}|${q.namespace ?? ''}|${q.color}|${q.seed}|${q.method}|${version}`;
  let job = jobs().get(id);
  if (!job) {
    const loaded = await load(c, q.namespace, q.color, q.seed, total, version);
    job = { loaded, pca: normalise(pca2(loaded.vectors, q.seed)), umap: null, status: 'running', progress: 0, at: Date.now() };
    jobs().set(id, job);
    for (const k of [...jobs().keys()].slice(0, Math.max(0, jobs().size - KEEP))) jobs().delete(k);
    const j = job;
    if (q.method === 'umap') {
      // Vectors are let go once projected: the cache keeps coordinates only.
      void umap2(loaded.vectors, q.seed, (p) => (j.progress = p)).then(
        (xy) => Object.assign(j, { umap: normalise(xy), status: 'done', progress: 1 }),
        (err: Error) => Object.assign(j, { status: 'failed', error: err.message }),
      ).finally(() => (j.loaded.vectors = []));
    } else {
      Object.assign(j, { status: 'done', progress: 1 });
      j.loaded.vectors = [];
    }
  }
  const xy = q.method === 'umap' && job.umap ? job.umap : job.pca;
  const L = job.loaded;
  const counts = new Map<string, number>();
  for (const g of L.groups) counts.set(g, (counts.get(g) ?? 0) + 1);
  return {
    collection: c.id, namespace: q.namespace ?? null, color: q.color, seed: q.seed,
    method: q.method === 'umap' && job.umap ? 'umap' : 'pca',
    umap: q.method === 'umap' ? { status: job.status, progress: job.progress, ...(job.error ? { error: job.error } : {}) } : { status: 'done', progress: 1 },
    total: L.total, sampled: L.sampled, version: L.version,
    groups: [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count),
    points: L.keys.map((key, i) => ({ key, x: xy[i][0], y: xy[i][1], group: L.groups[i], label: L.labels[i], excerpt: L.excerpts[i], href: L.hrefs[i] })),
  };
});
