// Demo data that makes every page worth opening: memories across namespaces, the other vector
// collections, generations with feedback and costs over the last 60 days, and a working swarm.
// Loaded once, in one transaction, so an interrupted load leaves nothing behind.
import type pg from 'pg';
import { lexicalEmbedding } from '@/lib/embeddings/lexical';
import { withTransaction } from '@/lib/db/pools';
import {
  AGENT_TYPES, ARTIFACT_TYPES, BEST_PRACTICE_CATEGORIES, EVENT_TYPES, MEDIA, NAMESPACES, PROVIDERS,
  TASK_TYPES, generationText,
} from './corpus';
import { rng, type Rng } from './random';

const DAY = 86_400_000;
export const SEEDED_KEY = 'demo_seeded_at';

const vec = (v: number[]) => `[${v.map((x) => x.toFixed(6)).join(',')}]`;
const embed = (text: string, dim: number) => vec(lexicalEmbedding(text, dim));

/**
 * Inserts rows column-wise with unnest(): one round trip per batch. Every value is sent as text;
 * `columns` maps a column name to the SQL that turns its text (`$`) into the column's type.
 */
async function insertRows(
  client: pg.PoolClient,
  table: string,
  columns: Record<string, string>,
  rows: (string | number | boolean | null)[][],
  batch = 500,
) {
  const names = Object.keys(columns);
  const select = names.map((n, i) => columns[n].replaceAll('$', `c${i}`)).join(', ');
  const params = names.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const sql = `INSERT INTO ${table} (${names.join(', ')})
    SELECT ${select} FROM unnest(${params}) AS t(${names.map((_, i) => `c${i}`).join(', ')})`;
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch);
    await client.query(sql, names.map((_, i) => chunk.map((row) => (row[i] === null ? null : String(row[i])))));
  }
  return rows.length;
}

const TEXT = '$';
const JSONB = '$::jsonb';
const TEXT_ARRAY = 'ARRAY(SELECT jsonb_array_elements_text($::jsonb))';
const TS = '$::timestamptz';
const INT = '$::int';
const FLOAT = '$::float8';

const at = (now: number, r: Rng, maxDays: number) => new Date(now - r.next() * maxDays * DAY);
const iso = (d: Date) => d.toISOString();
const json = (v: unknown) => JSON.stringify(v);

async function seedMemories(client: pg.PoolClient, r: Rng, now: number) {
  const rows = [];
  for (const spec of NAMESPACES) {
    for (let i = 0; i < spec.count; i++) {
      const value = spec.value(r);
      const created = at(now, r, 90);
      const updated = r.chance(0.3) ? new Date(created.getTime() + r.next() * (now - created.getTime())) : created;
      const metadata = {
        source: r.pick(spec.sources),
        confidence: Math.round((0.55 + r.next() * 0.45) * 100) / 100,
        agent: `${r.pick(AGENT_TYPES)}-${r.int(1, 4)}`,
        version: r.int(1, 3),
      };
      // A few entries were stored without a vector, as happens when an embedder times out.
      const embedding = r.chance(0.04) ? null : embed(value, 384);
      rows.push([
        spec.namespace, spec.key(i, r), value, embedding, json(metadata),
        json(r.some(spec.tags, r.int(1, 3))), iso(created), iso(updated),
      ]);
    }
  }
  plantDuplicates(rows);
  return insertRows(client, 'memory_entries', {
    namespace: TEXT, key: TEXT, value: TEXT, embedding: '$::vector(384)', metadata: JSONB, tags: TEXT_ARRAY,
    created_at: '$::timestamp', updated_at: '$::timestamp',
  }, rows);
}

/**
 * Near-duplicates for the Duplicates view to find: the same note stored again with a small edit
 * (as agents do when they re-learn a fact), with their own tags and metadata to merge. They replace
 * the last research notes, so the namespace counts stay as they were.
 */
export const PLANTED_DUPLICATES = [
  {
    namespace: 'research',
    entries: [
      { key: 'note_245', value: 'Compacting agent memory: merging near-identical entries shrank the HNSW index by 18 percent with no loss of recall.', tags: ['idea', 'compaction'], metadata: { source: 'team-notes', reviewed: true } },
      { key: 'note_246', value: 'Update: compacting agent memory: merging near-identical entries shrank the HNSW index by 18 percent with no loss of recall.', tags: ['compaction', 'benchmark'], metadata: { source: 'blog', owner: 'ines' } },
      { key: 'note_247', value: 'Compacting agent memory: merging near-identical entries shrank the HNSW index by 18 percent with no loss of recall. Confirmed.', tags: ['evaluation'], metadata: { source: 'arxiv' } },
    ],
  },
  {
    namespace: 'research',
    entries: [
      { key: 'note_248', value: 'Reranking the top 50 vector hits with a cross-encoder raised answer accuracy by 6 points on the support corpus.', tags: ['paper'], metadata: { source: 'arxiv' } },
      { key: 'note_249', value: 'Reranking the top 50 vector hits with a cross-encoder raised answer accuracy by 6 points on the support corpus, again.', tags: ['reading-list', 'paper'], metadata: { source: 'team-notes', run: 2 } },
    ],
  },
] as const;

function plantDuplicates(rows: unknown[][]) {
  for (const cluster of PLANTED_DUPLICATES) {
    for (const e of cluster.entries) {
      const row = rows.find((r) => r[0] === cluster.namespace && r[1] === e.key);
      if (!row) continue;
      row[2] = e.value;
      row[3] = embed(e.value, 384);
      row[4] = json(e.metadata);
      row[5] = json(e.tags);
    }
  }
}

async function seedPatternsAndEmbeddings(client: pg.PoolClient, r: Rng, now: number) {
  const patternRows = [];
  const kinds = ['retrieval', 'planning', 'coordination', 'error-recovery', 'summarization'];
  for (let i = 0; i < 60; i++) {
    const type = r.pick(kinds);
    const name = `${type}-${r.pick(['fan-out', 'critic-loop', 'two-phase', 'cached', 'hierarchical', 'greedy'])}-${i}`;
    const data = { steps: r.int(2, 7), agents: r.int(1, 5), description: `${type} pattern using ${name}` };
    const created = at(now, r, 120);
    patternRows.push([type, name, json(data), embed(`${type} ${name} ${data.description}`, 384), r.int(0, 400),
      Math.round(r.next() * 1000) / 1000, iso(created), iso(created)]);
  }
  await insertRows(client, 'patterns', {
    pattern_type: TEXT, pattern_name: TEXT, pattern_data: JSONB, embedding: '$::vector(384)', usage_count: INT,
    success_rate: FLOAT, created_at: '$::timestamp', updated_at: '$::timestamp',
  }, patternRows);

  const embRows = [];
  for (let i = 0; i < 300; i++) {
    const spec = r.pick(NAMESPACES);
    const content = spec.value(r);
    embRows.push([content, embed(content, 384), json({ origin: spec.namespace, chunk: i }), iso(at(now, r, 60))]);
  }
  await insertRows(client, 'claude_flow.embeddings', {
    content: TEXT, embedding: '$::vector(384)', metadata: JSONB, created_at: '$::timestamp',
  }, embRows);
}

async function seedContentVectors(client: pg.PoolClient, r: Rng) {
  const rows = [];
  for (let i = 0; i < 400; i++) {
    const title = `The ${r.pick(MEDIA.words)} ${r.pick(MEDIA.words)}`;
    const meta = {
      title, media_type: r.pick(MEDIA.types), genre: r.pick(MEDIA.genres), year: r.int(1970, 2026),
      rating: Math.round((5 + r.next() * 5) * 10) / 10,
    };
    rows.push([`content_${i}`, embed(`${title} ${meta.genre} ${meta.media_type}`, 768), json(meta)]);
  }
  await insertRows(client, 'content_vectors', { id: TEXT, vector: '$::vector(768)', metadata: JSONB }, rows);
}

async function seedGenerations(client: pg.PoolClient, r: Rng, now: number) {
  const generations = [];
  const feedback = [];
  const templates: (string | number | null)[][] = [];
  const providers = Object.keys(PROVIDERS);
  for (let i = 0; i < 480; i++) {
    const artifact = r.pick(ARTIFACT_TYPES);
    const provider = r.pick(providers);
    const model = r.pick(PROVIDERS[provider].models);
    const tokens = r.int(400, 12_000);
    const cost = Math.round(tokens / 1000 * PROVIDERS[provider].pricePer1k * 10_000) / 10_000;
    const quality = Math.round((0.35 + r.next() * 0.65) * 100) / 100;
    const created = at(now, r, 60);
    const { name, description, content } = generationText(r, artifact);
    const id = `gen-${String(i + 1).padStart(4, '0')}`;
    generations.push([id, artifact, name, description, content, quality, provider, model, tokens, cost, iso(created),
      json({ temperature: r.pick([0, 0.2, 0.7]), prompt_version: r.int(1, 4) })]);
    if (r.chance(0.62)) {
      for (let k = r.int(1, 3); k > 0; k--) {
        // Better generations tend to get better ratings, with noise.
        const rating = Math.min(5, Math.max(1, Math.round(quality * 5 + (r.next() - 0.5) * 2)));
        feedback.push([`fb-${feedback.length + 1}`, id, rating,
          r.pick(['Clear and correct.', 'Missed an edge case.', 'Too verbose.', 'Exactly what we needed.', 'Wrong tool chosen.', null]),
          iso(new Date(created.getTime() + r.next() * Math.min(5 * DAY, now - created.getTime())))]);
      }
    }
    if (quality > 0.85 && templates.length < 40) {
      templates.push([`tpl-${templates.length + 1}`, artifact, name, r.pick(['fan-out', 'critic-loop', 'two-phase', null]),
        content, quality, r.int(0, 250), r.pick(['promoted', 'curated', 'imported']), iso(created), embed(content, 1536), id]);
    }
  }
  await insertRows(client, 'generations', {
    id: TEXT, artifact_type: TEXT, name: TEXT, description: TEXT, content: TEXT, quality_score: FLOAT, provider: TEXT,
    model: TEXT, tokens_used: INT, cost: FLOAT, created_at: '$::timestamp', metadata: JSONB,
  }, generations);
  await insertRows(client, 'feedback', {
    id: TEXT, generation_id: TEXT, rating: INT, comment: TEXT, created_at: '$::timestamp',
  }, feedback);
  await insertRows(client, 'templates', {
    id: TEXT, artifact_type: TEXT, name: TEXT, pattern: TEXT, content: TEXT, quality_score: FLOAT, usage_count: INT,
    source: TEXT, created_at: '$::timestamp', embedding: '$::vector(1536)', source_generation_id: TEXT,
  }, templates);
  // Many generations were produced from a template; their feedback is what the template page shows.
  const linked = generations.filter(() => r.chance(0.4)).map((g) => [g[0] as string, r.pick(templates)[0] as string]);
  await client.query(
    `UPDATE generations g SET template_id = x.t FROM unnest($1::text[], $2::text[]) AS x(g, t) WHERE g.id = x.g`,
    [linked.map((l) => l[0]), linked.map((l) => l[1])],
  );

  // Costs: one daily row per provider and model for 60 days, plus monthly roll-ups of those rows.
  const costs = [];
  const monthly = new Map<string, { input: number; output: number; cost: number; provider: string; model: string; start: string }>();
  for (let d = 59; d >= 0; d--) {
    const day = new Date(now - d * DAY);
    const dayStr = day.toISOString().slice(0, 10);
    for (const provider of providers) {
      for (const model of PROVIDERS[provider].models) {
        const input = r.int(20_000, 400_000);
        const output = Math.round(input * (0.2 + r.next() * 0.4));
        const cost = Math.round((input + output) / 1000 * PROVIDERS[provider].pricePer1k * 10_000) / 10_000;
        costs.push([`cost-d-${dayStr}-${model}`, provider, model, input, output, cost, 'daily', dayStr, iso(day)]);
        const month = `${dayStr.slice(0, 7)}-01`;
        const key = `${month}|${model}`;
        const m = monthly.get(key) ?? { input: 0, output: 0, cost: 0, provider, model, start: month };
        m.input += input;
        m.output += output;
        m.cost += cost;
        monthly.set(key, m);
      }
    }
  }
  for (const m of monthly.values()) {
    costs.push([`cost-m-${m.start}-${m.model}`, m.provider, m.model, m.input, m.output, Math.round(m.cost * 10_000) / 10_000,
      'monthly', m.start, m.start]);
  }
  await insertRows(client, 'costs', {
    id: TEXT, provider: TEXT, model: TEXT, input_tokens: INT, output_tokens: INT, cost: FLOAT, period_type: TEXT,
    period_start: '$::date', created_at: '$::timestamp',
  }, costs);

  const practices = [];
  for (let i = 0; i < 30; i++) {
    const category = r.pick(BEST_PRACTICE_CATEGORIES);
    const spec = r.pick(NAMESPACES);
    const content = `${category}: ${spec.value(r)}`;
    practices.push([`bp-${i + 1}`, category, `${category} practice ${i + 1}`, content, json(r.some(spec.tags, 2)),
      Math.round(r.next() * 100) / 100, r.int(0, 90), iso(at(now, r, 120)), embed(content, 1536)]);
  }
  await insertRows(client, 'best_practices', {
    id: TEXT, category: TEXT, title: TEXT, content: TEXT, tags: TEXT_ARRAY, quality_score: FLOAT, usage_count: INT,
    created_at: '$::timestamp', embedding: '$::vector(1536)',
  }, practices);

  const sessions = [];
  for (let i = 0; i < 200; i++) {
    const created = at(now, r, 14);
    // Some session memory has expired already, as it would in a live system.
    const expires = new Date(created.getTime() + r.int(1, 10) * DAY);
    sessions.push([`mem-${i + 1}`, `sess-${r.int(1, 40)}`, r.pick(['last_query', 'open_ticket', 'draft', 'user_goal']),
      r.pick(NAMESPACES).value(r), r.pick(['session', 'user', 'global']), iso(created), iso(expires)]);
  }
  await insertRows(client, 'memory', {
    id: TEXT, session_id: TEXT, key: TEXT, value: TEXT, scope: TEXT, created_at: '$::timestamp', expires_at: '$::timestamp',
  }, sessions);
  return { generations: generations.length, feedback: feedback.length };
}

async function seedSwarm(client: pg.PoolClient, r: Rng, now: number) {
  const agents = [];
  const statuses = ['active', 'idle', 'busy', 'busy', 'active', 'paused', 'error'];
  for (let i = 0; i < 12; i++) {
    const type = AGENT_TYPES[i % AGENT_TYPES.length];
    agents.push([`agent-${String(i + 1).padStart(2, '0')}`, `${type}-${Math.floor(i / AGENT_TYPES.length) + 1}`, type,
      r.pick(statuses), json(r.some(['analysis', 'coding', 'search', 'summaries', 'testing', 'planning'], 3)),
      json({ region: r.pick(['eu-west', 'us-east']), version: `1.${r.int(0, 9)}` }),
      iso(new Date(now - r.int(5, 600) * 1000)), iso(at(now, r, 60)), iso(new Date(now - r.int(1, 3600) * 1000))]);
  }
  await insertRows(client, 'agents', {
    id: TEXT, name: TEXT, agent_type: TEXT, status: TEXT, capabilities: TEXT_ARRAY, metadata: JSONB, heartbeat: TS,
    created_at: TS, updated_at: TS,
  }, agents);
  const agentIds = agents.map((a) => a[0] as string);

  const tasks = [];
  for (let i = 0; i < 220; i++) {
    const status = r.pick(['pending', 'pending', 'assigned', 'running', 'completed', 'completed', 'completed', 'failed', 'cancelled']);
    const created = at(now, r, 30);
    const started = status === 'pending' ? null : new Date(created.getTime() + r.int(1, 600) * 1000);
    const done = ['completed', 'failed', 'cancelled'].includes(status) && started
      ? new Date(started.getTime() + r.int(5, 3600) * 1000) : null;
    const deps = i > 5 && r.chance(0.2) ? [`task-${String(r.int(1, i)).padStart(4, '0')}`] : [];
    tasks.push([`task-${String(i + 1).padStart(4, '0')}`, r.pick(TASK_TYPES),
      r.pick(['low', 'medium', 'medium', 'high', 'critical']), status,
      status === 'pending' ? null : r.pick(agentIds), json({ input: r.pick(NAMESPACES).namespace, batch: r.int(1, 50) }),
      status === 'completed' ? json({ ok: true, items: r.int(1, 500) }) : null,
      status === 'failed' ? r.pick(['timeout after 300s', 'rate limited by provider', 'embedding dimension mismatch']) : null,
      status === 'failed' ? r.int(1, 3) : 0, 3, json(deps), iso(created), iso(done ?? started ?? created),
      started ? iso(started) : null, done ? iso(done) : null]);
  }
  await insertRows(client, 'tasks', {
    id: TEXT, task_type: TEXT, priority: TEXT, status: TEXT, assigned_to: TEXT, payload: JSONB, result: JSONB,
    error: TEXT, retry_count: INT, max_retries: INT, dependencies: TEXT_ARRAY, created_at: TS, updated_at: TS,
    started_at: TS, completed_at: TS,
  }, tasks);

  const events = [];
  for (let i = 0; i < 800; i++) {
    events.push([`evt-${i + 1}`, r.pick(EVENT_TYPES), r.pick(agentIds),
      json({ task_id: `task-${String(r.int(1, 220)).padStart(4, '0')}`, duration_ms: r.int(20, 9000) }), iso(at(now, r, 30))]);
  }
  await insertRows(client, 'events', { id: TEXT, event_type: TEXT, agent_id: TEXT, data: JSONB, timestamp: TS }, events);

  const messages = [];
  for (let i = 0; i < 300; i++) {
    const [from, to] = r.some(agentIds, 2);
    messages.push([`msg-${i + 1}`, from, to, r.pick(['task_assignment', 'status_update', 'handoff', 'question']),
      json({ task_id: `task-${String(r.int(1, 220)).padStart(4, '0')}` }), r.chance(0.7), iso(at(now, r, 30))]);
  }
  await insertRows(client, 'messages', {
    id: TEXT, from_agent: TEXT, to_agent: TEXT, message_type: TEXT, content: JSONB, read: '$::boolean', timestamp: TS,
  }, messages);

  const metrics = [];
  for (let i = 0; i < 1000; i++) {
    const type = r.pick(['task_duration', 'tokens_used', 'memory_hits', 'error_rate']);
    const unit = { task_duration: 'ms', tokens_used: 'tokens', memory_hits: 'count', error_rate: 'percent' }[type]!;
    metrics.push([`met-${i + 1}`, r.pick(agentIds), type, Math.round(r.next() * 1000 * 100) / 100, unit,
      json({ env: r.pick(['prod', 'staging']) }), iso(at(now, r, 30))]);
  }
  await insertRows(client, 'metrics', {
    id: TEXT, agent_id: TEXT, metric_type: TEXT, value: FLOAT, unit: TEXT, tags: JSONB, timestamp: TS,
  }, metrics);
}

export async function isSeeded(pool: pg.Pool): Promise<boolean> {
  const { rows } = await pool.query('SELECT 1 FROM recall.settings WHERE key = $1', [SEEDED_KEY]);
  return rows.length > 0;
}

/** Loads the demo data unless it was loaded before. Returns the number of memory entries added. */
export async function seedDemoData(pool: pg.Pool, opts: { now?: number; log?: (line: string) => void } = {}) {
  const now = opts.now ?? Date.now();
  return withTransaction(pool, async (client) => {
    // The row lock makes a concurrent second seeder wait, then see the first one's marker.
    await client.query('LOCK TABLE recall.settings IN SHARE ROW EXCLUSIVE MODE');
    const done = await client.query('SELECT 1 FROM recall.settings WHERE key = $1', [SEEDED_KEY]);
    if (done.rows.length) return null;
    const r = rng(20260101);
    const memories = await seedMemories(client, r, now);
    opts.log?.(`loaded ${memories} memory entries`);
    await seedPatternsAndEmbeddings(client, r, now);
    await seedContentVectors(client, r);
    const gen = await seedGenerations(client, r, now);
    opts.log?.(`loaded ${gen.generations} generations with ${gen.feedback} feedback`);
    await seedSwarm(client, r, now);
    await client.query('INSERT INTO recall.settings (key, value) VALUES ($1, $2)', [SEEDED_KEY, json(new Date(now))]);
    // Fresh statistics, so the planner (and the row estimates the console shows) know the new rows.
    await client.query('ANALYZE');
    await client.query(
      "INSERT INTO recall.audit_log (action, target, details) VALUES ('demo.seed', 'demo data', $1)",
      [json({ memory_entries: memories, generations: gen.generations, feedback: gen.feedback })],
    );
    return { memories };
  });
}
