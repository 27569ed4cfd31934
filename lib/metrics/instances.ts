// Live pool figures summed over every console instance. Each instance publishes its pools' figures
// (in use, idle, waiting, max, and the bulk lane's) to the state backend every sampling round with a
// short TTL; Health reads them all, so an instance that stopped drops out within the TTL. With Redis
// (REDIS_URL) that is every instance sharing it; without, only this one, and Health says so.
import { z } from 'zod';
import { stateBackend, type StateBackend } from '@/lib/state/backend';
import { recorder } from './recorder';

/** What is read of a pool (lib/db/pools.ts's InstrumentedPool has it). */
export interface LivePool {
  readonly name: string;
  readonly totalCount: number;
  readonly idleCount: number;
  waiting(): number;
  readonly options: { max?: number };
  readonly bulkLane: { readonly capacity: number; readonly holding: number; readonly queued: number };
}

const figures = z.object({
  name: z.string().min(1).max(100),
  inUse: z.number().int().nonnegative(),
  idle: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
  max: z.number().int().nonnegative(),
  /** The bulk lane (API token traffic): connections it may hold, holds, and callers queued for it. */
  bulk: z.object({ max: z.number().int().nonnegative(), inUse: z.number().int().nonnegative(), waiting: z.number().int().nonnegative() }),
});
export type PoolFigures = z.infer<typeof figures>;

// What another instance wrote is input like any other: an entry that does not parse is left out.
const snapshot = z.object({ instance: z.string().min(1).max(300), at: z.number().int().positive(), pools: z.array(figures).max(50) });
export type InstanceSnapshot = z.infer<typeof snapshot>;

export const SNAPSHOT_GROUP = 'pool-snapshots';
/** Three rounds of the metrics loop (5 s): one late round does not drop an instance. */
export const SNAPSHOT_TTL_MS = 15_000;

export function poolFigures(pools: LivePool[]): PoolFigures[] {
  return pools.map((p) => ({
    name: p.name,
    inUse: p.totalCount - p.idleCount,
    idle: p.idleCount,
    waiting: p.waiting(),
    max: p.options.max ?? 10,
    bulk: { max: p.bulkLane.capacity, inUse: p.bulkLane.holding, waiting: p.bulkLane.queued },
  }));
}

interface Options {
  backend?: StateBackend;
  /** This instance's id (the metrics recorder's host:pid unless given). */
  instance?: string;
  now?: number;
  /** How long the published figure stands (SNAPSHOT_TTL_MS). */
  ttlMs?: number;
}

/** This instance's figures, for the others to read (a no-op without a shared backend). */
export async function publishPoolSnapshot(pools: LivePool[], opts: Options = {}): Promise<void> {
  const backend = opts.backend ?? stateBackend();
  if (backend.kind === 'memory') return;
  const entry: InstanceSnapshot = { instance: opts.instance ?? recorder.instance, at: opts.now ?? Date.now(), pools: poolFigures(pools) };
  await backend.putLive(SNAPSHOT_GROUP, entry.instance, JSON.stringify(entry), opts.ttlMs ?? SNAPSHOT_TTL_MS);
}

export interface CombinedPools {
  /** Whether other instances' figures can be here at all (a shared backend). */
  shared: boolean;
  backend: 'memory' | 'redis';
  /** Per pool name, the sum over the instances below. */
  totals: PoolFigures[];
  /** This instance first, then the others by id. */
  instances: { instance: string; self: boolean; ageMs: number; pools: PoolFigures[] }[];
  /** The shared backend could not be read: only this instance is shown. */
  error: string | null;
}

function sum(list: PoolFigures[][]): PoolFigures[] {
  const byName = new Map<string, PoolFigures>();
  for (const pools of list) {
    for (const p of pools) {
      const t = byName.get(p.name) ?? { name: p.name, inUse: 0, idle: 0, waiting: 0, max: 0, bulk: { max: 0, inUse: 0, waiting: 0 } };
      t.inUse += p.inUse;
      t.idle += p.idle;
      t.waiting += p.waiting;
      t.max += p.max;
      t.bulk.max += p.bulk.max;
      t.bulk.inUse += p.bulk.inUse;
      t.bulk.waiting += p.bulk.waiting;
      byName.set(p.name, t);
    }
  }
  return [...byName.values()];
}

/**
 * Every live instance's pools and their sum. This instance's own figures are taken now rather than
 * from what it last published; the others' are as old as their `ageMs`.
 */
export async function combinedPools(pools: LivePool[], opts: Options = {}): Promise<CombinedPools> {
  const backend = opts.backend ?? stateBackend();
  const self = opts.instance ?? recorder.instance;
  const now = opts.now ?? Date.now();
  const mine = { instance: self, self: true, ageMs: 0, pools: poolFigures(pools) };
  let others: CombinedPools['instances'] = [];
  let error: string | null = null;
  if (backend.kind !== 'memory') {
    try {
      others = (await backend.readLive(SNAPSHOT_GROUP))
        .flatMap(({ member, value }) => {
          try {
            const s = snapshot.parse(JSON.parse(value));
            return s.instance === member && member !== self ? [{ instance: s.instance, self: false, ageMs: Math.max(0, now - s.at), pools: s.pools }] : [];
          } catch {
            return [];
          }
        })
        .sort((a, b) => a.instance.localeCompare(b.instance));
    } catch (err) {
      error = `The shared state backend did not answer (${(err as Error).message}); this instance only.`;
    }
  }
  const instances = [mine, ...others];
  return { shared: backend.kind !== 'memory', backend: backend.kind, totals: sum(instances.map((i) => i.pools)), instances, error };
}
