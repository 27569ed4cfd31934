// Session memory (seed 002's `memory` table) and best practices: browse, search, purge expired.
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { containsPattern } from '@/lib/db/sql';
import { pageField, storableText } from '@/lib/vector/validation';

const query = z.object({ text: storableText('must be text').max(200, 'at most 200 characters').optional().transform((v) => v || undefined) });

export const SESSION_PAGE_SIZE = 50;
// A memory without expires_at never expires.
const LIVE = '(expires_at IS NULL OR expires_at >= NOW())';
const EXPIRED = 'expires_at < NOW()';
const sessionQuery = query.extend({
  state: z.enum(['all', 'live', 'expired'], { error: 'must be all, live or expired' }).default('all'),
  page: pageField,
});

/** Newest first, a page at a time; live and expired counts are of the whole table, for the purge button. */
export const listSessionMemory = traced('memory.sessions', async function listSessionMemory(input: unknown) {
  const { text, state, page } = parseInput(sessionQuery, input);
  const where: string[] = [];
  const params: unknown[] = [];
  if (text) {
    params.push(containsPattern(text));
    where.push('(key ILIKE $1 OR value ILIKE $1 OR session_id ILIKE $1)');
  }
  if (state === 'live') where.push(LIVE);
  if (state === 'expired') where.push(EXPIRED);
  const condition = where.length ? where.join(' AND ') : 'true';
  const pool = projectPool();
  const [found, counts] = await Promise.all([
    pool.query(
      `SELECT id, session_id, key, left(value, 300) AS value, scope, created_at, expires_at, ${EXPIRED} AS expired
       FROM memory WHERE ${condition} ORDER BY created_at DESC, id LIMIT ${SESSION_PAGE_SIZE} OFFSET ${(page - 1) * SESSION_PAGE_SIZE}`,
      params,
    ),
    pool.query<{ total: number; live: number; expired: number }>(
      `SELECT count(*) FILTER (WHERE ${condition})::int AS total,
         count(*) FILTER (WHERE ${LIVE})::int AS live,
         count(*) FILTER (WHERE ${EXPIRED})::int AS expired
       FROM memory`,
      params,
    ),
  ]);
  const { total, live, expired } = counts.rows[0];
  return { rows: found.rows, total, page, pages: Math.max(1, Math.ceil(total / SESSION_PAGE_SIZE)), live, expired };
});

export const purgeExpiredMemory = traced('memory.purge', async function purgeExpiredMemory(actor: Actor) {
  return withTransaction(projectPool(), async (client) => {
    const { rowCount } = await client.query(`DELETE FROM memory WHERE ${EXPIRED}`);
    await recordAudit(client, actor, 'memory.purge_expired', 'memory', { deleted: rowCount ?? 0 });
    return rowCount ?? 0;
  });
});

export const listBestPractices = traced('best_practices.list', async function listBestPractices(input: unknown) {
  const { text } = parseInput(query, input);
  const { rows } = await projectPool().query(
    `SELECT id, category, title, left(content, 300) AS content, coalesce(tags, '{}') AS tags, quality_score, usage_count, created_at
     FROM best_practices ${text ? 'WHERE title ILIKE $1 OR content ILIKE $1 OR category ILIKE $1' : ''}
     ORDER BY quality_score DESC NULLS LAST LIMIT 200`,
    text ? [containsPattern(text)] : [],
  );
  return rows;
});
