// Seed 000's memory API: every validation rule, upsert semantics, batch atomicity, deletes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { lexicalEmbedding } from '@/lib/embeddings/lexical';
import {
  batchStoreMemories, countMemories, deleteMemory, deleteNamespace, embedMemory, getMemory, listMemories, storeMemory,
} from './memories';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'tester@example.com' };
const vec = (seed: number) => Array.from({ length: 384 }, (_, i) => Math.sin(seed + i));

beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

const auditActions = async () =>
  (await projectPool().query("SELECT action, target FROM recall.audit_log WHERE action LIKE 'memory.%' OR action LIKE 'namespace.%' ORDER BY id")).rows;

describe('store validation (seed 000)', () => {
  it.each([
    [{ key: 'k', value: 'v' }, 'namespace: required'],
    [{ namespace: '', key: 'k', value: 'v' }, 'namespace: must not be empty'],
    [{ namespace: 'n'.repeat(256), key: 'k', value: 'v' }, 'namespace: at most 255 characters'],
    [{ namespace: 'ns', key: '', value: 'v' }, 'key: must not be empty'],
    [{ namespace: 'ns', key: 'k'.repeat(256), value: 'v' }, 'key: at most 255 characters'],
    [{ namespace: 'ns', key: 'k', value: '' }, 'value: must not be empty'],
    [{ namespace: 'ns', key: 'k', value: 'v', embedding: vec(1).slice(0, 100) }, 'embedding: expected 384 dimensions, got 100'],
    [{ namespace: 'ns', key: 'k', value: 'v', embedding: [...vec(1).slice(0, 383), 'x'] }, 'embedding: must contain only finite numbers (position 383 is "x")'],
    [{ namespace: 'ns', key: 'k', value: 'v', embedding: [...vec(1).slice(0, 383), 1e39] }, 'embedding: numbers must be within ±3.4e38, a 4-byte float (position 383 is 1e+39)'],
    [{ namespace: 'ns', key: 'k', value: 'v', embedding: 'nope' }, 'embedding: must be an array of numbers'],
    [{ namespace: 'ns', key: 'k', value: 'v', metadata: [1] }, 'metadata: must be a JSON object'],
    [{ namespace: 'ns', key: 'k', value: 'v', tags: 'important' }, 'tags: must be a list of strings'],
    [{ namespace: 'ns', key: 'k', value: 'v', tags: [''] }, 'tags.0: tags must not be empty'],
  ])('%o → %s, and nothing is written', async (input, message) => {
    await expect(storeMemory(actor, input)).rejects.toThrow(message);
    expect(await countMemories()).toBe(0);
  });
});

describe('store, retrieve, list, delete', () => {
  it('upserts on (namespace, key): created, then updated with updated_at moving', async () => {
    const first = await storeMemory(actor, { namespace: 'docs', key: 'a', value: 'first', tags: ['x'], metadata: { v: 1 }, embedding: vec(1) });
    expect(first.inserted).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    const second = await storeMemory(actor, { namespace: 'docs', key: 'a', value: 'second', tags: ['y'] });
    expect(second.inserted).toBe(false);
    expect(second.memory.updatedAt!.getTime()).toBeGreaterThan(second.memory.createdAt!.getTime());
    const got = await getMemory('docs', 'a');
    expect(got).toMatchObject({ value: 'second', tags: ['y'], metadata: {}, embedding: null, hasEmbedding: false });
    expect(await countMemories('docs')).toBe(1);
  });

  it('embeds with the configured provider on request, or later for an entry stored without one', async () => {
    const r = await storeMemory(actor, { namespace: 'docs', key: 'b', value: 'rotate the keys' }, { embed: true });
    expect(r.memory.hasEmbedding).toBe(true);
    const stored = await getMemory('docs', 'b');
    stored.embedding!.forEach((x, i) => expect(x).toBeCloseTo(lexicalEmbedding('rotate the keys', 384)[i], 5));
    const vector = await embedMemory(actor, 'docs', 'a');
    expect(vector).toHaveLength(384);
    expect((await getMemory('docs', 'a')).hasEmbedding).toBe(true);
  });

  it('lists with tag, metadata and text filters, sorted and paged', async () => {
    await batchStoreMemories(actor, {
      entries: Array.from({ length: 30 }, (_, i) => ({
        namespace: 'list', key: `k${String(i).padStart(2, '0')}`, value: i % 2 ? `odd value ${i}` : `even value ${i}`,
        tags: i % 3 === 0 ? ['three', 'all'] : ['all'], metadata: { parity: i % 2 ? 'odd' : 'even', n: i },
      })),
    });
    const byTags = await listMemories({ namespace: 'list', tags: ['three', 'all'], sort: 'key' });
    expect(byTags.entries.map((e) => e.key)).toEqual(['k00', 'k03', 'k06', 'k09', 'k12', 'k15', 'k18', 'k21', 'k24', 'k27']);
    const byMeta = await listMemories({ namespace: 'list', metaKey: 'parity', metaValue: 'odd' });
    expect(byMeta.total).toBe(15);
    const hasKey = await listMemories({ namespace: 'list', metaKey: 'n' });
    expect(hasKey.total).toBe(30);
    const byText = await listMemories({ namespace: 'list', text: 'VALUE 1', sort: 'key' });
    expect(byText.entries.map((e) => e.key)).toEqual(['k01', 'k10', 'k11', 'k12', 'k13', 'k14', 'k15', 'k16', 'k17', 'k18', 'k19']);
    const literal = await listMemories({ namespace: 'list', text: '%' });
    expect(literal.total).toBe(0);
    const page2 = await listMemories({ namespace: 'list', sort: 'key', page: 2, pageSize: 20 });
    expect(page2.entries.map((e) => e.key)).toEqual(Array.from({ length: 10 }, (_, i) => `k${20 + i}`));
    await expect(listMemories({ namespace: 'list', sort: 'random' as never })).rejects.toThrow('sort: must be one of newest, oldest, updated, key');
  });

  it('batch store is all or nothing, and names the bad entry', async () => {
    const before = await countMemories();
    await expect(
      batchStoreMemories(actor, { entries: [{ namespace: 'batch', key: 'ok', value: 'fine' }, { namespace: 'batch', key: 'bad', value: '' }] }),
    ).rejects.toThrow('entries.1.value: must not be empty');
    await expect(
      batchStoreMemories(actor, { entries: [{ namespace: 'batch', key: 'x', value: '1' }, { namespace: 'batch', key: 'x', value: '2' }] }),
    ).rejects.toThrow('entries.1: duplicate of an earlier entry (batch/x)');
    await expect(batchStoreMemories(actor, { entries: [] })).rejects.toThrow('entries: must contain at least one entry');
    expect(await countMemories()).toBe(before);
    const ok = await batchStoreMemories(actor, { entries: [{ namespace: 'batch', key: 'x', value: '1' }, { namespace: 'docs', key: 'a', value: 'third' }] });
    expect(ok).toEqual({ stored: 2, inserted: 1, updated: 1 });
  });

  it('deletes an entry, and a namespace only with the count the admin confirmed', async () => {
    expect(await deleteMemory(actor, 'batch', 'x')).toBe(true);
    expect(await deleteMemory(actor, 'batch', 'x')).toBe(false);
    await expect(deleteNamespace(actor, 'list', 29)).rejects.toThrow('confirmCount: the namespace now has 30 entries, not 29; confirm again');
    expect(await countMemories('list')).toBe(30);
    expect(await deleteNamespace(actor, 'list', 30)).toBe(30);
    expect(await countMemories('list')).toBe(0);
    await expect(deleteNamespace(actor, 'list', 30)).rejects.toThrow('Namespace "list" has no entries.');
  });

  it('audits every write with its target', async () => {
    const log = await auditActions();
    expect(log.map((l) => l.action)).toEqual([
      'memory.create', 'memory.update', 'memory.create', 'memory.embed', 'memory.batch_store', 'memory.batch_store', 'memory.delete', 'namespace.delete',
    ]);
    expect(log[0].target).toBe('docs/a');
  });
});
