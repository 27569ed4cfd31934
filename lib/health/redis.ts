// The Redis connection behind the state backend, for the Health page: round-trip latency and what
// INFO says about memory, keys and the keyspace hit rate. Null when REDIS_URL is not set.
import type { Redis } from 'ioredis';
import { RedisStateBackend, stateBackend } from '@/lib/state/backend';

export interface RedisStatus {
  ok: boolean;
  /** Where, without any password. */
  url: string;
  error?: string;
  latencyMs?: number;
  version?: string;
  usedMemoryBytes?: number;
  maxMemoryBytes?: number;
  keys?: number;
  /** keyspace_hits / (hits + misses) since the server started; null before any lookup. */
  hitRate?: number | null;
  connectedClients?: number;
  uptimeSeconds?: number;
}

/** INFO's "key:value" lines as a map. */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return out;
}

export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'redis://(unparseable URL)';
  }
}

export async function redisStatusOf(client: Redis, url: string): Promise<RedisStatus> {
  try {
    const started = performance.now();
    await client.ping();
    const latencyMs = performance.now() - started;
    const [info, keys] = await Promise.all([client.info(), client.dbsize()]);
    const m = parseInfo(info);
    const num = (k: string) => (m.has(k) ? Number(m.get(k)) : undefined);
    const hits = num('keyspace_hits') ?? 0;
    const misses = num('keyspace_misses') ?? 0;
    return {
      ok: true, url: redactRedisUrl(url), latencyMs, version: m.get('redis_version'), usedMemoryBytes: num('used_memory'),
      maxMemoryBytes: num('maxmemory') || undefined, keys, hitRate: hits + misses ? hits / (hits + misses) : null,
      connectedClients: num('connected_clients'), uptimeSeconds: num('uptime_in_seconds'),
    };
  } catch (err) {
    return { ok: false, url: redactRedisUrl(url), error: (err as Error).message };
  }
}

export async function redisStatus(): Promise<RedisStatus | null> {
  const url = process.env.REDIS_URL;
  const backend = stateBackend();
  if (!url || !(backend instanceof RedisStateBackend)) return null;
  return redisStatusOf(backend.client, url);
}
