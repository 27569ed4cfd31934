// The OpenAI-compatible provider against a local HTTP server that answers like /v1/embeddings.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpEmbedder, type EmbeddingCache } from './http';
import { DimensionMismatchError, providerFor, providerFromEnv } from './provider';
import { LexicalEmbedder } from './lexical';
import { ConfigError } from '@/lib/config';

let server: http.Server;
let base = '';
const calls: { auth?: string; input: string[] }[] = [];
let failNext: number[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const { input, model } = JSON.parse(body) as { input: string[]; model: string };
      calls.push({ auth: req.headers.authorization, input });
      const status = failNext.shift();
      if (status) {
        res.writeHead(status, { 'retry-after': '0' }).end('{"error":"busy"}');
        return;
      }
      const dim = model === 'wrong-dim' ? 3 : 4;
      // Reverse order on purpose: clients must sort by index.
      const data = input.map((t, index) => ({ index, embedding: Array.from({ length: dim }, (_, i) => t.length + i) })).reverse();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => server.close());

const memoryCache = (): EmbeddingCache & { store: Map<string, number[]> } => {
  const store = new Map<string, number[]>();
  return {
    store,
    async get(hashes) {
      return new Map(hashes.filter((h) => store.has(h)).map((h) => [h, store.get(h)!]));
    },
    async put(entries) {
      entries.forEach((e) => store.set(e.hash, e.embedding));
    },
  };
};

const config = (over: Partial<ConstructorParameters<typeof HttpEmbedder>[0]> = {}) => ({
  baseUrl: base, model: 'm', apiKey: 'sk-test', dimension: 4, timeoutMs: 2000, batchSize: 2, maxRetries: 2, ...over,
});

describe('HTTP embedding provider', () => {
  it('batches, keeps input order, sends the key, and caches by text', async () => {
    calls.length = 0;
    const cache = memoryCache();
    const p = new HttpEmbedder(config(), cache);
    const out = await p.embed(['a', 'bb', 'ccc', 'a'], 4);
    expect(out).toEqual([[1, 2, 3, 4], [2, 3, 4, 5], [3, 4, 5, 6], [1, 2, 3, 4]]);
    expect(calls.map((c) => c.input)).toEqual([['a', 'bb'], ['ccc']]);
    expect(calls[0].auth).toBe('Bearer sk-test');
    await p.embed(['bb', 'dddd'], 4);
    expect(calls.at(-1)!.input).toEqual(['dddd']);
    expect(cache.store.size).toBe(4);
  });

  it('retries 429 and 5xx, then gives up with the reason', async () => {
    failNext = [429, 503];
    const p = new HttpEmbedder(config(), null);
    expect(await p.embed(['x'], 4)).toEqual([[1, 2, 3, 4]]);
    expect(p.requests).toBe(3);
    failNext = [500, 500, 500];
    await expect(new HttpEmbedder(config(), null).embed(['x'], 4)).rejects.toThrow('embedding provider http:m failed after 3 attempts: HTTP 500');
  });

  it('times out a silent endpoint', async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const p = new HttpEmbedder(config({ baseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, timeoutMs: 150, maxRetries: 0 }), null);
    await expect(p.embed(['x'], 4)).rejects.toThrow('failed after 1 attempts: no answer within 150 ms');
    silent.closeAllConnections();
    silent.close();
  });

  it('refuses vectors of the wrong dimension from the endpoint', async () => {
    const p = new HttpEmbedder(config({ model: 'wrong-dim' }), null);
    await expect(p.embed(['x'], 4)).rejects.toThrow('returned a vector of 3 dimensions; EMBEDDINGS_DIMENSION says 4');
  });

  it('is refused for a collection of another dimension before any request', async () => {
    calls.length = 0;
    const p = new HttpEmbedder(config(), null);
    expect(() => providerFor('public.memory_entries.embedding', 384, p)).toThrow(DimensionMismatchError);
    expect(() => providerFor('public.memory_entries.embedding', 384, p)).toThrow(
      'embedding: provider http:m returns 4 dimensions but public.memory_entries.embedding has 384',
    );
    expect(calls).toHaveLength(0);
    expect(providerFor('x', 4, p)).toBe(p);
  });

  it('is configured from the environment, with clear errors', () => {
    expect(providerFromEnv({})).toBeInstanceOf(LexicalEmbedder);
    expect(providerFromEnv({ EMBEDDINGS_URL: base, EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSION: '4' }, null).dimension).toBe(4);
    expect(() => providerFromEnv({ EMBEDDINGS_URL: base, EMBEDDINGS_DIMENSION: '4' }, null)).toThrow(new ConfigError('EMBEDDINGS_MODEL: required when EMBEDDINGS_URL is set'));
    expect(() => providerFromEnv({ EMBEDDINGS_URL: base, EMBEDDINGS_MODEL: 'm', EMBEDDINGS_DIMENSION: 'big' }, null)).toThrow('EMBEDDINGS_DIMENSION: expected a whole number');
  });
});
