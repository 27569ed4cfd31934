// Where vectors come from. Without configuration: the built-in lexical embedder (offline, any
// dimension). With EMBEDDINGS_URL: an OpenAI-compatible HTTP endpoint of one fixed dimension, which
// serves the collections of that dimension and refuses the others before any query runs.
import { z } from 'zod';
import { prisma } from '@/lib/db/pools';
import { ConfigError, type Env } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { EmbeddingProviderError, HttpEmbedder, type EmbeddingCache } from './http';
import { LexicalEmbedder } from './lexical';

export interface EmbeddingProvider {
  /** Stable id, shown in Settings. */
  readonly id: string;
  /** What a person should know about its vectors. */
  readonly description: string;
  /** The only dimension it produces, or undefined when it can produce any. */
  readonly dimension?: number;
  embed(texts: string[], dimension: number): Promise<number[][]>;
}

export class DimensionMismatchError extends AppError {
  constructor(provider: EmbeddingProvider, collection: string, dimension: number) {
    super(
      `embedding: provider ${provider.id} returns ${provider.dimension} dimensions but ${collection} has ${dimension}; ` +
        'search this collection by vector or by an existing entry, or configure a provider of that dimension',
      422,
      'dimension_mismatch',
      'embedding',
    );
  }
}

const postgresCache: EmbeddingCache = {
  async get(hashes) {
    if (!hashes.length) return new Map();
    const rows = await prisma().embeddingCache.findMany({ where: { textHash: { in: hashes } } });
    return new Map(rows.map((r) => [r.textHash, r.embedding]));
  },
  async put(entries, model, dimension) {
    await prisma().embeddingCache.createMany({
      data: entries.map((e) => ({ textHash: e.hash, model, dimension, embedding: e.embedding })),
      skipDuplicates: true,
    });
  },
};

const int = (name: string, fallback: number, min: number, max: number) =>
  z.coerce.number({ error: `${name}: expected a whole number` }).int(`${name}: expected a whole number`)
    .min(min, `${name}: must be at least ${min}`).max(max, `${name}: must be at most ${max}`).default(fallback);

function parseEnv<T>(schema: z.ZodType<T>, v: string | undefined): T {
  const r = schema.safeParse(v === '' ? undefined : v);
  if (!r.success) throw new ConfigError(r.error.issues[0].message);
  return r.data;
}

export function providerFromEnv(env: Env = process.env, cache: EmbeddingCache | null = postgresCache): EmbeddingProvider {
  if (!env.EMBEDDINGS_URL) return new LexicalEmbedder();
  if (!env.EMBEDDINGS_MODEL) throw new ConfigError('EMBEDDINGS_MODEL: required when EMBEDDINGS_URL is set');
  if (!env.EMBEDDINGS_DIMENSION) throw new ConfigError('EMBEDDINGS_DIMENSION: required when EMBEDDINGS_URL is set');
  return new HttpEmbedder(
    {
      baseUrl: env.EMBEDDINGS_URL,
      model: env.EMBEDDINGS_MODEL,
      apiKey: env.EMBEDDINGS_API_KEY,
      dimension: parseEnv(int('EMBEDDINGS_DIMENSION', 0, 1, 16000), env.EMBEDDINGS_DIMENSION),
      timeoutMs: parseEnv(int('EMBEDDINGS_TIMEOUT_MS', 15000, 100, 600000), env.EMBEDDINGS_TIMEOUT_MS),
      batchSize: parseEnv(int('EMBEDDINGS_BATCH_SIZE', 64, 1, 2048), env.EMBEDDINGS_BATCH_SIZE),
      maxRetries: parseEnv(int('EMBEDDINGS_MAX_RETRIES', 3, 0, 10), env.EMBEDDINGS_MAX_RETRIES),
    },
    cache,
  );
}

let configured: EmbeddingProvider | null = null;

export function embeddingProvider(): EmbeddingProvider {
  configured ??= providerFromEnv();
  return configured;
}

/** The provider for a collection of this dimension, or a clear refusal. */
export function providerFor(collection: string, dimension: number, provider = embeddingProvider()): EmbeddingProvider {
  if (provider.dimension !== undefined && provider.dimension !== dimension) {
    throw new DimensionMismatchError(provider, collection, dimension);
  }
  return provider;
}

/**
 * What a vector was made with, kept in its row's metadata (`embedding_model`, `embedding_dimension`)
 * wherever the console embeds, so embedding health can find rows of another model or dimension.
 */
export function embeddingStamp(dimension: number, provider = embeddingProvider()) {
  return { embedding_model: provider.id, embedding_dimension: dimension };
}

/** Embeds texts for a collection; provider failures become a 502 with the provider's reason. */
export async function embedFor(collection: string, dimension: number, texts: string[]): Promise<number[][]> {
  const provider = providerFor(collection, dimension);
  try {
    return await provider.embed(texts, dimension);
  } catch (err) {
    if (err instanceof EmbeddingProviderError) throw new AppError(err.message, 502, 'embedding_failed', 'embedding');
    throw err;
  }
}
