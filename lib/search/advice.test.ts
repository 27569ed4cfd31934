// Each case of the search advice, from the facts a search gathers (plan, exact count, filter counts).
import { describe, expect, it } from 'vitest';
import type { Collection } from '@/lib/collections/catalog';
import type { PlanSummary } from './plan';
import { searchAdvice, type Found } from './advice';
import { searchInput } from './search';

const collection = {
  id: 'public.memory_entries.embedding', schema: 'public', table: 'memory_entries', column: 'embedding', dimension: 384,
  rows: 100_000, rowsEstimated: true, keyColumn: 'id', columns: [], uniqueKeys: [],
  indexes: [{ name: 'idx_memory_embedding', method: 'hnsw', distance: 'cosine', options: {} }],
} as unknown as Collection;

const plan = (usedIndex: string | null): PlanSummary => ({ usedIndex, scan: usedIndex ? 'Index Scan' : 'Seq Scan', rowsScanned: 0, rowsRemovedByFilter: 0, executionMs: 1, planningMs: 1, text: '' });
const found = (f: Partial<Found>): Found => ({ rows: 0, plan: plan('idx_memory_embedding'), exact: null, matching: null, filterMatches: null, ...f });
const q = (o: Record<string, unknown>) => searchInput.parse({ text: 'x', min_similarity: 0, limit: 10, ...o });
const advice = (o: Record<string, unknown>, f: Partial<Found>) => searchAdvice(collection, q(o), found(f)).join(' ');

describe('a filtered search with no match', () => {
  it('names the filter that matched nothing, and does not suggest ef_search', () => {
    const text = advice({ namespace: 'nope', tags: ['a'] }, { matching: 0, filterMatches: { namespace: false, tags: true } });
    expect(text).toBe('The filter namespace "nope" matched no row of public.memory_entries.embedding: check the spelling or clear it.');
  });

  it('names every filter that matched nothing', () => {
    expect(advice({ tags: ['zz'], metadata: { source: 'x' } }, { matching: 0, filterMatches: { tags: false, metadata: false } }))
      .toMatch(/^The filters tags zz and metadata \{"source":"x"\} matched no row/);
  });

  it('says when filters match rows alone but none together', () => {
    expect(advice({ namespace: 'a', tags: ['odd'] }, { matching: 0, filterMatches: { namespace: true, tags: true } }))
      .toBe('Each filter matches rows of public.memory_entries.embedding, but no row has namespace "a" and tags odd together.');
  });

  it('blames the similarity threshold when the filters match rows and the exact search finds none', () => {
    const text = advice({ namespace: 'a', min_similarity: 0.9 }, { matching: 7, filterMatches: { namespace: true }, exact: { hits: 0 } });
    expect(text).toBe('Rows pass the filters, but none reaches min_similarity 0.9: lower it to see the nearest.');
    expect(text).not.toMatch(/ef_search/);
  });
});

describe('ef_search advice', () => {
  it('suggests raising it when the index scan came back short and the filter count says more rows exist', () => {
    const text = advice({ namespace: 'a' }, { rows: 3, matching: 10 });
    expect(text).toMatch(/^The index idx_memory_embedding returned 3 of 10 rows, but at least 10 rows pass the filters\. With filters, HNSW looks at only ef_search \(40\) candidates/);
    expect(text).toMatch(/Raise ef_search, or turn on iterative scans/);
  });

  it('suggests raising it when the exact search finds more', () => {
    expect(advice({ metadata: { s: 'c' }, iterative: true, ef_search: 20 }, { rows: 4, exact: { hits: 10 } }))
      .toMatch(/returned 4 of 10 rows, but an exact search finds 10\. .*ef_search \(20\).* Raise ef_search\.$/);
  });

  it('does not suggest it when the filters match no more rows than came back', () => {
    const text = advice({ namespace: 'a' }, { rows: 3, matching: 3 });
    expect(text).toBe('Only 3 rows pass the filters, so all of them came back.');
  });

  it('does not suggest it when the exact search finds the same number', () => {
    expect(advice({ namespace: 'a' }, { rows: 3, exact: { hits: 3 } })).toBe('Only 3 of 10 rows match at all (the exact search finds the same number).');
  });

  it('does not suggest it when the plan shows no index scan', () => {
    expect(advice({ namespace: 'a' }, { rows: 3, matching: 10, plan: plan(null) })).toBe('');
    expect(advice({ namespace: 'a' }, { rows: 3, matching: 10, plan: null })).toBe('');
  });

  it('asks for the exact comparison, not ef_search, when a similarity threshold may explain the short answer', () => {
    const text = advice({ namespace: 'a', min_similarity: 0.5 }, { rows: 3, matching: 10 });
    expect(text).toMatch(/may be below min_similarity 0\.5\. Run the exact comparison/);
    expect(text).not.toMatch(/Raise ef_search/);
  });

  it('says nothing when the limit was reached', () => {
    expect(advice({ namespace: 'a' }, { rows: 10, matching: 10 })).toBe('');
  });
});

it('still says when no index serves the distance', () => {
  expect(advice({ distance: 'l2' }, { rows: 10 })).toMatch(/^No vector index serves l2 distance on public\.memory_entries\.embedding/);
});
