// "Tag selected" on the memory map: one tag added to the rows picked on the map (by primary key),
// in one transaction, audited; rows that already carry it are left alone.
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ValidationError, parseInput } from '@/lib/errors';
import { assertMayWriteTable, getCollection, hasColumn, qualified, quoteIdent } from '@/lib/collections/catalog';
import { storableText } from '@/lib/vector/validation';
import { MAP_MAX_POINTS } from './map';

export const tagSelectionInput = z.object({
  collection: storableText('must be text').min(1, 'must not be empty').max(400, 'at most 400 characters'),
  tag: storableText('must be text').trim().min(1, 'must not be empty').max(100, 'at most 100 characters')
    .regex(/^[^,\s][^,]*$/, 'must not contain commas or start with a space'),
  keys: z.array(storableText('each key must be text').min(1, 'each key must not be empty').max(200, 'each key at most 200 characters'), { error: 'must be a list of row keys' })
    .min(1, 'select at least one point').max(MAP_MAX_POINTS, `at most ${MAP_MAX_POINTS.toLocaleString('en-US')} rows`),
});

export async function tagSelection(actor: Actor, input: unknown): Promise<{ tagged: number; already: number; missing: number }> {
  const p = parseInput(tagSelectionInput, input);
  const c = await getCollection(projectPool(), p.collection, { counts: false });
  assertMayWriteTable(actor, c.schema, c.table);
  if (!hasColumn(c, 'tags', 'text[]')) throw new ValidationError('collection', `${c.id} has no tags column (text[]) to tag`);
  if (!c.keyColumn) throw new ValidationError('collection', `${c.id} has no single-column primary key to name its rows by`);
  const key = quoteIdent(c.keyColumn);
  const keyType = c.columns.find((col) => col.name === c.keyColumn)!.type;
  const keys = [...new Set(p.keys)];
  return withTransaction(projectPool(), async (client) => {
    // A key not of the key's type (a forged request) is a 400 naming the field, not a 500.
    const found = await client.query<{ n: number; tagged: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE $2 = ANY(coalesce(tags, '{}')))::int AS tagged FROM ${qualified(c)} WHERE ${key} = ANY($1::${keyType}[])`,
      [keys, p.tag],
    ).catch(async (err) => {
      if (err?.code !== '22P02' && err?.code !== '22003') throw err;
      throw new ValidationError('keys', `each key must be of type ${keyType} (the collection's primary key)`);
    });
    const { rowCount } = await client.query(
      `UPDATE ${qualified(c)} SET tags = array_append(coalesce(tags, '{}'), $2)${hasColumn(c, 'updated_at') ? ', updated_at = now()' : ''}
        WHERE ${key} = ANY($1::${keyType}[]) AND NOT ($2 = ANY(coalesce(tags, '{}')))`,
      [keys, p.tag],
    );
    const { n, tagged } = found.rows[0];
    await recordAudit(client, actor, 'rows.tag', c.id, { tag: p.tag, rows: rowCount ?? 0, selected: keys.length });
    return { tagged: rowCount ?? 0, already: tagged, missing: keys.length - n };
  });
}
