// Near-duplicates and exact duplicates in a collection (or one namespace of the memories), and the
// clean-up: keep one entry, delete the rest, optionally merging their tags and metadata into it.
//
// Near-duplicates come from the HNSW index: each row's k nearest neighbours (a LATERAL
// `ORDER BY embedding <=> t.embedding LIMIT k`), in keyset batches of rows, never an O(n²) scan.
// Exact duplicates (the same value, compared by md5) are a hash aggregate, listed apart.
import { z } from 'zod';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { getCollection, hasColumn, invalidateCollections, qualified, quoteIdent, textColumnOf, MEMORY_COLLECTION, type Collection } from '@/lib/collections/catalog';
import { namespaceField, numberBetween, wholeNumberBetween } from '@/lib/vector/validation';
import { blankAsMissing } from '@/lib/http/params';
import { traced } from '@/lib/metrics/recorder';

export const DEFAULT_THRESHOLD = 0.97;

export const duplicatesInput = z.object({
  collection: z.string().min(1, 'must not be empty').max(400, 'at most 400 characters').default(MEMORY_COLLECTION),
  namespace: z.preprocess(blankAsMissing, namespaceField.optional()),
  threshold: z.preprocess(blankAsMissing, numberBetween(0.5, 1).default(DEFAULT_THRESHOLD)),
  /** Neighbours looked at per row: a cluster larger than k + 1 is still found, through its members' neighbours. */
  k: z.preprocess(blankAsMissing, wholeNumberBetween(1, 50).default(5)),
  /** Rows scanned in this call (keyset batches); `after` continues a scan. */
  limit: z.preprocess(blankAsMissing, wholeNumberBetween(1, 100_000).default(5000)),
  after: z.preprocess(blankAsMissing, z.string().max(200, 'at most 200 characters').optional()),
});
export type DuplicatesInput = z.input<typeof duplicatesInput>;

export interface DuplicateMember {
  key: string;
  value: string | null;
  namespace: string | null;
  tags: string[] | null;
  metadata: Record<string, unknown> | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface NearCluster {
  /** Member keys, oldest first (the suggested one to keep). */
  keys: string[];
  members: DuplicateMember[];
  pairs: { a: string; b: string; similarity: number }[];
  maxSimilarity: number;
  minSimilarity: number;
}

export interface ExactGroup {
  hash: string;
  namespace: string | null;
  count: number;
  keys: string[];
  members: DuplicateMember[];
}

export interface DuplicatesReport {
  collection: string;
  namespace: string | null;
  threshold: number;
  k: number;
  scanned: number;
  /** Key of the last row scanned when the limit stopped the scan: pass it as `after` to go on. */
  next: string | null;
  near: NearCluster[];
  exact: ExactGroup[];
  /** Index searches ran with these settings. */
  index: string;
  efSearch: number;
  iterative: boolean;
}

const BATCH = 200;
const MAX_CLUSTERS = 200;
const MAX_MEMBERS = 50;

/** What a collection offers: its key, a text column to compare, and the optional columns the view shows. */
function shape(c: Collection) {
  if (!c.keyColumn) throw new ValidationError('collection', `${c.id} has no single-column primary key, which the duplicates view needs to page through rows and delete them`);
  const text = textColumnOf(c);
  const col = (n: string, type: string) => (hasColumn(c, n, type) ? quoteIdent(n) : null);
  return {
    key: quoteIdent(c.keyColumn),
    vector: quoteIdent(c.column),
    text: text ? quoteIdent(text) : null,
    namespace: col('namespace', 'character') ?? col('namespace', 'text'),
    tags: col('tags', 'text[]'),
    metadata: col('metadata', 'jsonb'),
    created: col('created_at', 'timestamp'),
    updated: col('updated_at', 'timestamp'),
  };
}
type Shape = ReturnType<typeof shape>;

const atLeast08 = (v: string) => {
  const [a, b] = v.split('.').map(Number);
  return a > 0 || b >= 8;
};

async function members(db: Queryable, c: Collection, s: Shape, keys: string[]): Promise<Map<string, DuplicateMember>> {
  if (!keys.length) return new Map();
  const or = (e: string | null, as: string) => `${e ? `t.${e}` : 'NULL'} AS ${as}`;
  // `= ANY($1)`: Postgres reads the array in the key's own type, so the primary key index serves it.
  const { rows } = await db.query(
    `SELECT t.${s.key}::text AS key, ${or(s.text, 'value')}, ${or(s.namespace, 'namespace')}, ${or(s.tags, 'tags')}, ${or(s.metadata, 'metadata')},
            ${or(s.created, 'created_at')}, ${or(s.updated, 'updated_at')}
       FROM ${qualified(c)} t WHERE t.${s.key} = ANY($1)`,
    [keys],
  );
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d === null || d === undefined ? null : String(d));
  return new Map(rows.map((r) => [r.key as string, {
    key: r.key, value: r.value ?? null, namespace: r.namespace ?? null, tags: r.tags ?? null, metadata: r.metadata ?? null,
    createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  }]));
}

/** Union-find over the pairs: each connected group of rows above the threshold is one cluster. */
function clusters(pairs: { a: string; b: string; similarity: number }[]) {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  for (const { a, b } of pairs) {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  }
  const groups = new Map<string, { keys: Set<string>; pairs: typeof pairs }>();
  for (const p of pairs) {
    const root = find(p.a);
    const g = groups.get(root) ?? { keys: new Set(), pairs: [] };
    g.keys.add(p.a).add(p.b);
    g.pairs.push(p);
    groups.set(root, g);
  }
  return [...groups.values()];
}

export const findDuplicates = traced('duplicates.find', async function findDuplicates(input: unknown): Promise<DuplicatesReport> {
  const q = parseInput(duplicatesInput, input);
  const pool = projectPool();
  const c = await getCollection(pool, q.collection, { counts: false });
  const s = shape(c);
  if (q.namespace !== undefined && !s.namespace) throw new ValidationError('namespace', `${c.id} has no namespace column`);
  const index = c.indexes.find((i) => i.distance === 'cosine' && i.method === 'hnsw');
  if (!index) {
    throw new ValidationError('collection', `${c.id} has no HNSW index for cosine distance; build one (Collections → Build index) so each row's neighbours come from the index, not a scan of every pair`);
  }
  const table = qualified(c);
  const version = (await pool.query<{ v: string }>("SELECT extversion AS v FROM pg_extension WHERE extname = 'vector'")).rows[0]?.v ?? '0';
  // A namespace filter is applied to the index's candidates; iterative scans (0.8+) keep looking
  // until k rows pass it, instead of returning fewer.
  const iterative = q.namespace !== undefined && atLeast08(version);
  const efSearch = Math.max(40, q.k * 4);

  const params: unknown[] = [q.k];
  const nsParam = q.namespace !== undefined ? (params.push(q.namespace), `$${params.length}`) : null;
  const same = s.text ? `md5(n.${s.text}) = md5(a.${s.text})` : 'false';
  const batchSql = (after: boolean) => `
    SELECT a.${s.key}::text AS a, n.key AS b, n.similarity, n.same_value, a.${s.key} AS raw_key
      FROM (SELECT t.${s.key}, t.${s.vector}${s.text ? `, t.${s.text}` : ''} FROM ${table} t
             WHERE t.${s.vector} IS NOT NULL${nsParam ? ` AND t.${s.namespace} = ${nsParam}` : ''}${after ? ` AND t.${s.key} > $${params.length + 2}` : ''}
             ORDER BY t.${s.key} LIMIT $${params.length + 1}) a
      LEFT JOIN LATERAL (
        SELECT n.${s.key}::text AS key, 1 - (n.${s.vector} <=> a.${s.vector}) AS similarity, ${same} AS same_value
          FROM ${table} n
         WHERE n.${s.key} <> a.${s.key}${nsParam ? ` AND n.${s.namespace} = ${nsParam}` : ''}
         ORDER BY n.${s.vector} <=> a.${s.vector} LIMIT $1) n ON true
     ORDER BY a.${s.key}`;

  const pairs = new Map<string, { a: string; b: string; similarity: number }>();
  let scanned = 0;
  let after: unknown = q.after;
  let next: string | null = null;
  await withTransaction(pool, async (client) => {
    await client.query(`SET LOCAL hnsw.ef_search = ${efSearch}`);
    if (iterative) await client.query("SET LOCAL hnsw.iterative_scan = 'relaxed_order'");
    while (scanned < q.limit) {
      const size = Math.min(BATCH, q.limit - scanned);
      const { rows } = await client.query(batchSql(after !== undefined), [...params, size, ...(after !== undefined ? [after] : [])]);
      const seen = new Set<string>();
      for (const r of rows) {
        seen.add(r.a);
        after = r.raw_key;
        if (r.b === null || r.same_value || Number(r.similarity) < q.threshold) continue;
        const [a, b] = [r.a, r.b].sort();
        const sim = Math.min(1, Number(r.similarity));
        const k = `${a}\u0000${b}`;
        if (!pairs.has(k)) pairs.set(k, { a, b, similarity: sim });
      }
      scanned += seen.size;
      if (seen.size < size) {
        after = undefined;
        break;
      }
    }
    next = after === undefined ? null : String(after);
  });

  const groups = clusters([...pairs.values()])
    .map((g) => ({ keys: [...g.keys], pairs: g.pairs.sort((x, y) => y.similarity - x.similarity) }))
    .sort((x, y) => y.keys.length - x.keys.length || y.pairs[0].similarity - x.pairs[0].similarity)
    .slice(0, MAX_CLUSTERS);

  // Exact duplicates: one hash aggregate over the same rows (the namespace, or the collection).
  let exact: { hash: string; namespace: string | null; count: number; keys: string[] }[] = [];
  if (s.text) {
    const ns = s.namespace ? `t.${s.namespace}` : 'NULL::text';
    const { rows } = await pool.query(
      `SELECT md5(t.${s.text}) AS hash, ${ns}::text AS namespace, count(*)::int AS count,
              (array_agg(t.${s.key}::text ORDER BY t.${s.key}))[1:${MAX_MEMBERS}] AS keys
         FROM ${table} t ${q.namespace !== undefined ? `WHERE t.${s.namespace} = $1` : ''}
        GROUP BY 1, 2 HAVING count(*) > 1 ORDER BY count(*) DESC, 1 LIMIT ${MAX_CLUSTERS}`,
      q.namespace !== undefined ? [q.namespace] : [],
    );
    exact = rows;
  }

  const details = await members(pool, c, s, [...new Set([...groups.flatMap((g) => g.keys.slice(0, MAX_MEMBERS)), ...exact.flatMap((e) => e.keys)])]);
  const byAge = (a: DuplicateMember, b: DuplicateMember) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.key.localeCompare(b.key, 'en', { numeric: true });
  const pick = (keys: string[]) => keys.map((k) => details.get(k)).filter((m): m is DuplicateMember => Boolean(m)).sort(byAge);

  return {
    collection: c.id,
    namespace: q.namespace ?? null,
    threshold: q.threshold,
    k: q.k,
    scanned,
    next,
    index: index.name,
    efSearch,
    iterative,
    near: groups.map((g) => {
      const m = pick(g.keys.slice(0, MAX_MEMBERS));
      return {
        keys: m.map((x) => x.key), members: m, pairs: g.pairs,
        maxSimilarity: g.pairs[0].similarity, minSimilarity: g.pairs[g.pairs.length - 1].similarity,
      };
    }),
    exact: exact.map((e) => {
      const m = pick(e.keys);
      return { ...e, keys: m.map((x) => x.key), members: m };
    }),
  };
});

const keyList = z.array(z.string().min(1, 'must not be empty').max(200, 'at most 200 characters'), { error: 'must be a list of keys' });

export const mergeInput = z
  .object({
    collection: z.string().min(1, 'must not be empty').max(400, 'at most 400 characters').default(MEMORY_COLLECTION),
    keep: z.string({ error: 'required' }).min(1, 'required').max(200, 'at most 200 characters'),
    remove: keyList.min(1, 'name at least one entry to delete').max(1000, 'at most 1000 entries at a time'),
    merge_tags: z.boolean({ error: 'must be true or false' }).default(false),
    merge_metadata: z.boolean({ error: 'must be true or false' }).default(false),
    dry_run: z.boolean({ error: 'must be true or false' }).default(true),
    /** The dry run's count: the merge deletes only if the same rows are still there. */
    expect_count: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').optional(),
  })
  .check((ctx) => {
    if (ctx.value.remove.includes(ctx.value.keep)) {
      ctx.issues.push({ code: 'custom', path: ['remove'], input: ctx.value.remove, message: 'must not include the entry to keep' });
    }
    if (!ctx.value.dry_run && ctx.value.expect_count === undefined) {
      ctx.issues.push({ code: 'custom', path: ['expect_count'], input: undefined, message: 'run a dry run first and pass its count' });
    }
  });
export type MergeInput = z.input<typeof mergeInput>;

export interface MergeResult {
  dryRun: boolean;
  kept: string;
  /** Rows deleted (or, in a dry run, that would be). */
  deleted: number;
  tagsAdded: string[];
  metadataKeysAdded: string[];
  tags: string[] | null;
  metadata: Record<string, unknown> | null;
}

/**
 * Keeps one entry and deletes the others (admin only, audited, one transaction). Tags merge as a
 * union in first-seen order; metadata keys the kept entry lacks are copied from the others (oldest
 * first), the kept entry's own values win.
 */
export const mergeDuplicates = traced('duplicates.merge', async function mergeDuplicates(actor: Actor, input: unknown): Promise<MergeResult> {
  const p = parseInput(mergeInput, input);
  const pool = projectPool();
  const c = await getCollection(pool, p.collection, { counts: false });
  const s = shape(c);
  if (p.merge_tags && !s.tags) throw new ValidationError('merge_tags', `${c.id} has no tags column to merge`);
  if (p.merge_metadata && !s.metadata) throw new ValidationError('merge_metadata', `${c.id} has no metadata column to merge`);
  const remove = [...new Set(p.remove)];
  const result = await withTransaction(pool, async (client) => {
    // Lock the rows so a concurrent merge or edit waits, and what is counted is what is deleted.
    const { rows } = await client.query(
      `SELECT t.${s.key}::text AS key, ${s.tags ? `t.${s.tags}` : 'NULL'} AS tags, ${s.metadata ? `t.${s.metadata}` : 'NULL'} AS metadata
         FROM ${qualified(c)} t WHERE t.${s.key} = ANY($1) ORDER BY ${s.created ? `t.${s.created},` : ''} t.${s.key} FOR UPDATE`,
      [[p.keep, ...remove]],
    );
    const kept = rows.find((r) => r.key === p.keep);
    if (!kept) throw new NotFoundError(`keep: no entry "${p.keep}" in ${c.id}`);
    const others = rows.filter((r) => r.key !== p.keep);
    if (!p.dry_run && others.length !== p.expect_count) {
      throw new ConflictError(`expect_count: the dry run counted ${p.expect_count} entries to delete, but ${others.length} are there now; nothing was changed. Run the dry run again.`, 'expect_count');
    }
    const tags: string[] | null = kept.tags;
    let newTags = tags;
    let tagsAdded: string[] = [];
    if (p.merge_tags) {
      const union = new Set<string>(tags ?? []);
      for (const o of others) for (const t of (o.tags as string[] | null) ?? []) union.add(t);
      newTags = [...union];
      tagsAdded = newTags.filter((t) => !(tags ?? []).includes(t));
    }
    const metadata: Record<string, unknown> | null = kept.metadata;
    let newMetadata = metadata;
    let metadataKeysAdded: string[] = [];
    if (p.merge_metadata) {
      const merged: Record<string, unknown> = {};
      for (const o of others) for (const [k, v] of Object.entries((o.metadata as Record<string, unknown> | null) ?? {})) if (!(k in merged)) merged[k] = v;
      newMetadata = { ...merged, ...(metadata ?? {}) };
      metadataKeysAdded = Object.keys(merged).filter((k) => !(k in (metadata ?? {})));
    }
    const out: MergeResult = { dryRun: p.dry_run, kept: p.keep, deleted: others.length, tagsAdded, metadataKeysAdded, tags: newTags, metadata: newMetadata };
    if (p.dry_run) return out;

    const sets: string[] = [];
    const values: unknown[] = [p.keep];
    if (tagsAdded.length) sets.push(`${s.tags} = $${values.push(newTags)}::text[]`);
    if (metadataKeysAdded.length) sets.push(`${s.metadata} = $${values.push(JSON.stringify(newMetadata))}::jsonb`);
    if (sets.length && s.updated) sets.push(`${s.updated} = now()`);
    if (sets.length) await client.query(`UPDATE ${qualified(c)} SET ${sets.join(', ')} WHERE ${s.key} = $1`, values);
    if (others.length) await client.query(`DELETE FROM ${qualified(c)} WHERE ${s.key} = ANY($1)`, [others.map((o) => o.key)]);
    await recordAudit(client, actor, 'duplicates.merge', `${c.id} ${p.keep}`, {
      deleted: others.map((o) => o.key), tagsAdded, metadataKeysAdded,
    });
    return out;
  });
  if (!p.dry_run) invalidateCollections();
  return result;
});
