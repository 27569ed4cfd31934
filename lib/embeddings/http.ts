// An OpenAI-compatible embeddings endpoint (OpenAI, Ollama, vLLM, TEI): POST {base}/embeddings.
// Batches inputs, times out, retries 429 and 5xx with backoff, and caches by text hash.
import { createHash } from 'node:crypto';
import type { EmbeddingProvider } from './provider';

export interface HttpProviderConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  dimension: number;
  timeoutMs: number;
  batchSize: number;
  maxRetries: number;
}

export interface EmbeddingCache {
  get(hashes: string[]): Promise<Map<string, number[]>>;
  put(entries: { hash: string; embedding: number[] }[], model: string, dimension: number): Promise<void>;
}

export class EmbeddingProviderError extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class HttpEmbedder implements EmbeddingProvider {
  readonly id: string;
  readonly description: string;
  readonly dimension: number;
  /** Calls made to the endpoint (for tests and the Settings page). */
  requests = 0;

  constructor(
    private readonly config: HttpProviderConfig,
    private readonly cache: EmbeddingCache | null = null,
  ) {
    this.id = `http:${config.model}`;
    this.dimension = config.dimension;
    const host = (() => {
      try {
        return new URL(config.baseUrl).host;
      } catch {
        return config.baseUrl;
      }
    })();
    this.description = `OpenAI-compatible endpoint at ${host}, model ${config.model}, ${config.dimension} dimensions`;
  }

  private hash(text: string) {
    return createHash('sha256').update(`${this.config.model}\n${this.config.dimension}\n${text}`).digest('hex');
  }

  async embed(texts: string[], dimension: number): Promise<number[][]> {
    if (dimension !== this.dimension) {
      throw new EmbeddingProviderError(
        `embedding provider ${this.id} returns ${this.dimension} dimensions, the collection needs ${dimension}`,
      );
    }
    const hashes = texts.map((t) => this.hash(t));
    const cached = this.cache ? await this.cache.get([...new Set(hashes)]) : new Map<string, number[]>();
    const missing = [...new Set(hashes.filter((h) => !cached.has(h)))];
    const textOf = new Map(hashes.map((h, i) => [h, texts[i]]));
    const fresh: { hash: string; embedding: number[] }[] = [];
    for (let i = 0; i < missing.length; i += this.config.batchSize) {
      const batch = missing.slice(i, i + this.config.batchSize);
      const vectors = await this.request(batch.map((h) => textOf.get(h)!));
      batch.forEach((hash, j) => fresh.push({ hash, embedding: vectors[j] }));
    }
    if (fresh.length && this.cache) await this.cache.put(fresh, this.config.model, this.dimension);
    for (const f of fresh) cached.set(f.hash, f.embedding);
    return hashes.map((h) => cached.get(h)!);
  }

  private async request(input: string[]): Promise<number[][]> {
    const url = `${this.config.baseUrl.replace(/\/+$/, '')}/embeddings`;
    let lastError = '';
    for (let attempt = 0; attempt <= this.config.maxRetries; attempt++) {
      if (attempt > 0) await sleep(Math.min(4000, 250 * 2 ** (attempt - 1)));
      this.requests++;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: this.config.model, input }),
          signal: AbortSignal.timeout(this.config.timeoutMs),
        });
      } catch (err) {
        lastError = (err as Error).name === 'TimeoutError' ? `no answer within ${this.config.timeoutMs} ms` : (err as Error).message;
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        lastError = `HTTP ${res.status}`;
        const retryAfter = Number(res.headers.get('retry-after'));
        if (retryAfter > 0 && retryAfter <= 10) await sleep(retryAfter * 1000);
        continue;
      }
      if (!res.ok) {
        const text = (await res.text()).slice(0, 200);
        throw new EmbeddingProviderError(`embedding provider ${this.id} refused the request: HTTP ${res.status} ${text}`);
      }
      const body = (await res.json()) as { data?: { index?: number; embedding?: unknown }[] };
      const data = [...(body.data ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
      if (data.length !== input.length) {
        throw new EmbeddingProviderError(`embedding provider ${this.id} returned ${data.length} embeddings for ${input.length} texts`);
      }
      return data.map((d) => {
        const v = d.embedding;
        if (!Array.isArray(v) || v.length !== this.dimension || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
          throw new EmbeddingProviderError(
            `embedding provider ${this.id} returned a vector of ${Array.isArray(v) ? v.length : 'no'} dimensions; EMBEDDINGS_DIMENSION says ${this.dimension}`,
          );
        }
        return v as number[];
      });
    }
    throw new EmbeddingProviderError(`embedding provider ${this.id} failed after ${this.config.maxRetries + 1} attempts: ${lastError}`);
  }
}
