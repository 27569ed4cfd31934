// Seed 001's StateBackend: state several console instances must share. In memory for one instance;
// in Redis when REDIS_URL is set (seed 001's RedisClient). Durable things (jobs, audit, metrics) stay
// in Postgres. It holds the sliding windows of the rate limiter (lib/state/rate-limit.ts), read floors
// (lib/db/read-floor.ts) and each instance's live pool figures (lib/metrics/instances.ts).
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export interface WindowResult {
  /** Attempts in the window before this call. */
  before: number;
  /** Attempts in the window after this call (one more when it recorded one). */
  count: number;
  /** before < limit: the attempt was within the limit. */
  allowed: boolean;
  /** When count ≥ limit, milliseconds until the window has room again; else 0. */
  retryAfterMs: number;
}

/** never: only count; ifAllowed: record the attempt when within the limit (seed 001's check); always: record it regardless (a failure). */
export type RecordMode = 'never' | 'ifAllowed' | 'always';

export interface StateBackend {
  readonly kind: 'memory' | 'redis';
  /** A sliding window of `windowMs` over the attempts recorded under `key`. */
  slidingWindow(key: string, opts: { limit: number; windowMs: number; record: RecordMode }): Promise<WindowResult>;
  /** Seed 001's rate_limit_check: records the attempt if allowed; returns (allowed, remaining). */
  rateLimitCheck(key: string, limit: number, windowSeconds: number): Promise<[boolean, number]>;
  /**
   * Keeps the larger of the stored value and `value` under `key` for `ttlMs` (monotonic positions such
   * as the WAL position of a caller's last write, lib/db/read-floor.ts). Values are fixed-width hex.
   */
  keepMax(key: string, value: string, ttlMs: number): Promise<void>;
  /** What keepMax stored under key and has not expired, or null. */
  readMax(key: string): Promise<string | null>;
  /**
   * Stores `value` as `member`'s entry of the group `group` for `ttlMs` (each instance's live figures):
   * an entry not renewed within its TTL is gone, so a stopped instance drops out by itself.
   */
  putLive(group: string, member: string, value: string, ttlMs: number): Promise<void>;
  /** The group's entries that have not expired, by member. */
  readLive(group: string): Promise<{ member: string; value: string }[]>;
  /** Forgets a key's attempts (tests, and an admin clearing a lock-out). */
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

const MODE = { never: 0, ifAllowed: 1, always: 2 } as const;

function retryAfter(times: number[], count: number, limit: number, windowMs: number, now: number) {
  if (count < limit) return 0;
  // Once the attempt at index count - limit leaves the window, count drops below the limit.
  return Math.max(1, times[count - limit] + windowMs - now);
}

async function rateLimitCheck(b: StateBackend, key: string, limit: number, windowSeconds: number): Promise<[boolean, number]> {
  const r = await b.slidingWindow(key, { limit, windowMs: windowSeconds * 1000, record: 'ifAllowed' });
  return [r.allowed, Math.max(0, limit - r.count)];
}

/** One instance: a sorted list of attempt times per key, swept now and then so idle keys go. */
export class InMemoryStateBackend implements StateBackend {
  readonly kind = 'memory' as const;
  private windows = new Map<string, { windowMs: number; times: number[] }>();
  private maxima = new Map<string, { value: string; expires: number }>();
  private live = new Map<string, Map<string, { value: string; expires: number }>>();
  private ops = 0;

  async slidingWindow(key: string, opts: { limit: number; windowMs: number; record: RecordMode }): Promise<WindowResult> {
    const now = Date.now();
    if (++this.ops % 1000 === 0) this.sweep(now);
    const w = this.windows.get(key) ?? { windowMs: opts.windowMs, times: [] };
    w.windowMs = opts.windowMs;
    const from = now - opts.windowMs;
    while (w.times.length && w.times[0] <= from) w.times.shift();
    const before = w.times.length;
    const allowed = before < opts.limit;
    if (opts.record === 'always' || (opts.record === 'ifAllowed' && allowed)) w.times.push(now);
    if (w.times.length) this.windows.set(key, w);
    else this.windows.delete(key);
    const count = w.times.length;
    return { before, count, allowed, retryAfterMs: retryAfter(w.times, count, opts.limit, opts.windowMs, now) };
  }

  rateLimitCheck(key: string, limit: number, windowSeconds: number) {
    return rateLimitCheck(this, key, limit, windowSeconds);
  }

  async keepMax(key: string, value: string, ttlMs: number) {
    const now = Date.now();
    if (++this.ops % 1000 === 0) this.sweep(now);
    const held = this.maxima.get(key);
    const keep = held && held.expires > now && held.value > value ? held.value : value;
    this.maxima.set(key, { value: keep, expires: now + ttlMs });
  }

  async readMax(key: string) {
    const held = this.maxima.get(key);
    return held && held.expires > Date.now() ? held.value : null;
  }

  async putLive(group: string, member: string, value: string, ttlMs: number) {
    const entries = this.live.get(group) ?? new Map();
    entries.set(member, { value, expires: Date.now() + ttlMs });
    this.live.set(group, entries);
  }

  async readLive(group: string) {
    const now = Date.now();
    const entries = this.live.get(group);
    if (!entries) return [];
    for (const [member, e] of entries) if (e.expires <= now) entries.delete(member);
    return [...entries].map(([member, e]) => ({ member, value: e.value }));
  }

  async reset(key: string) {
    this.windows.delete(key);
    this.maxima.delete(key);
    this.live.delete(key);
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (!w.times.length || w.times[w.times.length - 1] <= now - w.windowMs) this.windows.delete(key);
    for (const [key, m] of this.maxima) if (m.expires <= now) this.maxima.delete(key);
  }

  async close() {
    this.windows.clear();
    this.maxima.clear();
    this.live.clear();
  }
}

// One sorted set per key (score = time in ms): trim what left the window, count, maybe add, and find
// when there is room again, all in one script so concurrent instances cannot both take the last slot.
const SLIDING_WINDOW_LUA = `
local key, now, window, limit, mode, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local before = redis.call('ZCARD', key)
local allowed = before < limit
local count = before
if mode == 2 or (mode == 1 and allowed) then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window)
  count = before + 1
end
local retry = 0
if count >= limit then
  local e = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  retry = math.max(1, tonumber(e[2]) + window - now)
end
return {before, count, allowed and 1 or 0, retry}
`;

// Fixed-width hex compares as text, so the larger value wins whichever instance writes last.
const KEEP_MAX_LUA = `
local held = redis.call('GET', KEYS[1])
if held and held > ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1
`;

// A group is a sorted set of members scored by when their entry expires, and one key per member
// holding its value with the same TTL: a read drops the expired members and fetches the rest at once.
const PUT_LIVE_LUA = `
local index, entry, member, value, ttl, now = KEYS[1], KEYS[2], ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
redis.call('SET', entry, value, 'PX', ttl)
redis.call('ZADD', index, now + ttl, member)
-- The index outlives its longest-lived entry, not the latest one's TTL.
if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
return 1
`;
const READ_LIVE_LUA = `
local index, prefix, now = KEYS[1], ARGV[1], tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
local members = redis.call('ZRANGE', index, 0, -1)
local out = {}
for i, m in ipairs(members) do
  local v = redis.call('GET', prefix .. m)
  if v then out[#out + 1] = m; out[#out + 1] = v end
end
return out
`;

type RedisWithWindow = Redis & {
  recallPutLive(index: string, entry: string, member: string, value: string, ttlMs: number, now: number): Promise<number>;
  recallReadLive(index: string, entryPrefix: string, now: number): Promise<string[]>;
  recallWindow(key: string, now: number, windowMs: number, limit: number, mode: number, member: string): Promise<[number, number, number, number]>;
  recallKeepMax(key: string, value: string, ttlMs: number): Promise<number>;
};

export class RedisStateBackend implements StateBackend {
  readonly kind = 'redis' as const;
  readonly client: RedisWithWindow;

  constructor(url: string, private prefix = 'recall:') {
    // Fail fast rather than queue commands while Redis is away: callers decide what an outage means.
    this.client = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000, enableAutoPipelining: true }) as RedisWithWindow;
    this.client.on('error', () => {}); // reported by /health; ioredis reconnects by itself
    this.client.defineCommand('recallWindow', { numberOfKeys: 1, lua: SLIDING_WINDOW_LUA });
    this.client.defineCommand('recallKeepMax', { numberOfKeys: 1, lua: KEEP_MAX_LUA });
    this.client.defineCommand('recallPutLive', { numberOfKeys: 2, lua: PUT_LIVE_LUA });
    this.client.defineCommand('recallReadLive', { numberOfKeys: 1, lua: READ_LIVE_LUA });
  }

  async slidingWindow(key: string, opts: { limit: number; windowMs: number; record: RecordMode }): Promise<WindowResult> {
    const member = `${Date.now()}-${randomBytes(6).toString('hex')}`;
    const [before, count, allowed, retry] = await this.client.recallWindow(this.prefix + key, Date.now(), opts.windowMs, opts.limit, MODE[opts.record], member);
    return { before, count, allowed: allowed === 1, retryAfterMs: retry };
  }

  rateLimitCheck(key: string, limit: number, windowSeconds: number) {
    return rateLimitCheck(this, key, limit, windowSeconds);
  }

  async keepMax(key: string, value: string, ttlMs: number) {
    await this.client.recallKeepMax(this.prefix + key, value, Math.max(1, Math.round(ttlMs)));
  }

  async readMax(key: string) {
    return this.client.get(this.prefix + key);
  }

  async putLive(group: string, member: string, value: string, ttlMs: number) {
    const index = `${this.prefix}live:${group}`;
    await this.client.recallPutLive(index, `${index}:${member}`, member, value, Math.max(1, Math.round(ttlMs)), Date.now());
  }

  async readLive(group: string) {
    const index = `${this.prefix}live:${group}`;
    const flat = await this.client.recallReadLive(index, `${index}:`, Date.now());
    const out: { member: string; value: string }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: flat[i], value: flat[i + 1] });
    return out;
  }

  async reset(key: string) {
    await this.client.del(this.prefix + key);
  }

  async close() {
    this.client.disconnect();
  }
}

// One backend per process, on globalThis: route handlers and server actions are bundled apart and
// must share one set of windows.
const g = globalThis as unknown as { __recallState?: StateBackend };

/** REDIS_URL set: Redis (shared by every instance); otherwise this process's memory. */
export function stateBackend(): StateBackend {
  return (g.__recallState ??= process.env.REDIS_URL ? new RedisStateBackend(process.env.REDIS_URL) : new InMemoryStateBackend());
}

/** For tests: use this backend from now on. */
export function setStateBackend(b: StateBackend | undefined) {
  g.__recallState = b;
}
