// "Tag selected" on the embedded engine: the tag reaches exactly the selected rows, once, audited;
// bad input is refused by field with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { invalidateCollections } from '@/lib/collections/catalog';
import { tagSelection } from './tagging';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'admin@tag.test' };
const ID = 'public.memory_entries.embedding';
beforeAll(async () => {
  engine = await startTestDatabase();
  await projectPool().query(`INSERT INTO memory_entries (namespace, key, value, embedding, tags)
    SELECT 'tagging', 'k' || g, 'value ' || g, ('[' || array_to_string(array_fill(0.1, ARRAY[384]), ',') || ']')::vector, CASE WHEN g = 1 THEN ARRAY['keep'] ELSE NULL END
      FROM generate_series(1, 4) g`);
}, 120_000);
afterAll(async () => stopTestDatabase(engine));

const tagsOf = async () => Object.fromEntries((await projectPool().query("SELECT key, tags FROM memory_entries WHERE namespace = 'tagging' ORDER BY key")).rows.map((r) => [r.key, r.tags]));
const idsOf = async (...keys: string[]) => (await projectPool().query("SELECT id::text FROM memory_entries WHERE namespace = 'tagging' AND key = ANY($1) ORDER BY key", [keys])).rows.map((r) => r.id);

describe('tag selected', () => {
  it('adds the tag to the selected rows only, never twice, and audits it', async () => {
    const keys = await idsOf('k1', 'k2');
    expect(await tagSelection(actor, { collection: ID, tag: ' reviewed ', keys })).toEqual({ tagged: 2, already: 0, missing: 0 });
    expect(await tagSelection(actor, { collection: ID, tag: 'reviewed', keys: [...keys, '999999'] })).toEqual({ tagged: 0, already: 2, missing: 1 });
    expect(await tagsOf()).toEqual({ k1: ['keep', 'reviewed'], k2: ['reviewed'], k3: null, k4: null });
    const audit = await projectPool().query("SELECT details FROM recall.audit_log WHERE action = 'rows.tag' ORDER BY id");
    expect(audit.rows.map((r) => r.details)).toEqual([{ tag: 'reviewed', rows: 2, selected: 2 }, { tag: 'reviewed', rows: 0, selected: 3 }]);
  });

  it.each([
    [{ tag: '', keys: ['1'] }, /tag: must not be empty/],
    [{ tag: 'a,b', keys: ['1'] }, /tag: must not contain commas/],
    [{ tag: 'x'.repeat(101), keys: ['1'] }, /tag: at most 100 characters/],
    [{ tag: 'ok', keys: [] }, /keys: select at least one point/],
    [{ tag: 'ok', keys: ['not-a-number'] }, /keys: each key must be of type integer/],
    [{ tag: 'ok', keys: 'k1' }, /keys: must be a list of row keys/],
  ])('refuses %j with nothing written', async (input, message) => {
    const before = await tagsOf();
    await expect(tagSelection(actor, { collection: ID, ...input })).rejects.toThrow(message);
    expect(await tagsOf()).toEqual(before);
  });

  it('refuses a collection without a tags column', async () => {
    await projectPool().query('CREATE TABLE untaggable (id SERIAL PRIMARY KEY, embedding vector(3))');
    invalidateCollections();
    await expect(tagSelection(actor, { collection: 'public.untaggable.embedding', tag: 'x', keys: ['1'] })).rejects.toThrow(/no tags column/);
  });
});
