// Session memory (seed 002's `memory` table) and best practices: browse, search, purge expired.
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { containsPattern } from '@/lib/db/sql';

const query = z.object({ text: z.string().max(200, 'at most 200 characters').optional().transform((v) => v || undefined) });

export const listSessionMemory = traced('memory.sessions', async function listSessionMemory(input: unknown) {
  const { text } = parseInput(query, input);
  const { rows } = await projectPool().query(
    `SELECT id, session_id, key, left(value, 300) AS value, scope, created_at, expires_at, expires_at < NOW() AS expired
     FROM memory ${text ? 'WHERE key ILIKE $1 OR value ILIKE $1 OR session_id ILIKE $1' : ''}
     ORDER BY created_at DESC LIMIT 200`,
    text ? [containsPattern(text)] : [],
  );
  const expired = await projectPool().query<{ n: number }>('SELECT count(*)::int AS n FROM memory WHERE expires_at < NOW()');
  return { rows, expired: expired.rows[0].n };
});

export const purgeExpiredMemory = traced('memory.purge', async function purgeExpiredMemory(actor: Actor) {
  return withTransaction(projectPool(), async (client) => {
    const { rowCount } = await client.query('DELETE FROM memory WHERE expires_at < NOW()');
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
