// Feature hashing of words, word pairs and character trigrams into a vector of any dimension,
// signed and L2-normalised. It needs no network or model files and is deterministic, so texts that
// share words and spellings land close together. It is lexical, not semantic: "car" and
// "automobile" are no closer than any two unrelated words.
import type { EmbeddingProvider } from './provider';

const WORD_WEIGHT = 1.0;
const BIGRAM_WEIGHT = 0.7;
const TRIGRAM_WEIGHT = 0.35;

// FNV-1a, 32-bit, with a seed so index and sign come from independent hashes.
function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

export function lexicalEmbedding(text: string, dimension: number): number[] {
  if (!Number.isInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be a positive integer`);
  const v = new Float64Array(dimension);
  const add = (feature: string, weight: number) => {
    const index = fnv1a(feature, 0) % dimension;
    const sign = fnv1a(feature, 0x9e3779b9) & 1 ? 1 : -1;
    v[index] += sign * weight;
  };
  const words = tokenize(text);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    add(`w:${w}`, WORD_WEIGHT);
    if (i + 1 < words.length) add(`b:${w} ${words[i + 1]}`, BIGRAM_WEIGHT);
    const padded = `^${w}$`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, TRIGRAM_WEIGHT);
  }
  // Text with no letters or digits (e.g. "!!!") still gets a stable, non-zero vector.
  if (words.length === 0) add(`raw:${text}`, 1);
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => x / norm);
}

export class LexicalEmbedder implements EmbeddingProvider {
  readonly id = 'lexical';
  readonly description = 'Built-in lexical embedder (feature hashing of words and character trigrams; offline, not semantic)';
  async embed(texts: string[], dimension: number): Promise<number[][]> {
    return texts.map((t) => lexicalEmbedding(t, dimension));
  }
}
