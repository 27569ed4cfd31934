import { describe, expect, it } from 'vitest';
import { lexicalEmbedding, LexicalEmbedder } from './lexical';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));

describe('lexical embedder', () => {
  it('is deterministic', () => {
    expect(lexicalEmbedding('rotate the billing API keys', 384)).toEqual(lexicalEmbedding('rotate the billing API keys', 384));
  });

  it.each([3, 384, 768, 1536])('returns L2-normalised vectors of dimension %i', (dim) => {
    const v = lexicalEmbedding('Vector search slowed after a bulk import', dim);
    expect(v).toHaveLength(dim);
    expect(norm(v)).toBeCloseTo(1, 10);
    expect(v.every(Number.isFinite)).toBe(true);
  });

  it('gives text without letters a stable non-zero vector', () => {
    const v = lexicalEmbedding('!!!', 16);
    expect(norm(v)).toBeCloseTo(1, 10);
    expect(v).toEqual(lexicalEmbedding('!!!', 16));
  });

  it('puts near texts closer than unrelated ones', () => {
    const a = lexicalEmbedding('User prefers dark mode and a compact layout', 384);
    const near = lexicalEmbedding('The user prefers a compact layout in dark mode', 384);
    const far = lexicalEmbedding('Autovacuum fell behind on the events table', 384);
    expect(dot(a, near)).toBeGreaterThan(0.6);
    expect(dot(a, near)).toBeGreaterThan(dot(a, far) + 0.4);
  });

  it('matches spelling variants through character trigrams', () => {
    const a = lexicalEmbedding('indexing', 384);
    expect(dot(a, lexicalEmbedding('indexes', 384))).toBeGreaterThan(dot(a, lexicalEmbedding('billing', 384)));
  });

  it('refuses a dimension that is not a positive integer', () => {
    expect(() => lexicalEmbedding('x', 0)).toThrow(RangeError);
    expect(() => lexicalEmbedding('x', 2.5)).toThrow(RangeError);
  });

  it('embeds batches through the provider interface', async () => {
    const out = await new LexicalEmbedder().embed(['a b', 'c d'], 8);
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual(lexicalEmbedding('a b', 8));
  });
});
