// Two lanes to the database: interactive work (pages, server actions, the browser's own API calls)
// and bulk work (API traffic on a Bearer token). Bulk work holds at most `bulkMax` of a pool's
// connections at once and queues for them in order, so the rest stay free for pages: on a real
// server a reserved share of the pool, on the embedded engine (one backend, statements one at a time)
// at most two bulk statements ahead of a page's in the engine's queue.
import { AsyncLocalStorage } from 'node:async_hooks';

export type Lane = 'interactive' | 'bulk';

// On globalThis, as the operation name is: route handlers and the pool may be bundled apart.
const globalForLane = globalThis as unknown as { __recallLane?: AsyncLocalStorage<Lane> };
const lane = (globalForLane.__recallLane ??= new AsyncLocalStorage<Lane>());

export const withLane = <T>(name: Lane, fn: () => Promise<T>): Promise<T> => lane.run(name, fn);
export const currentLane = (): Lane => lane.getStore() ?? 'interactive';

/** A counting gate: at most `capacity` holders, the rest wait first come, first served. */
export class LaneGate {
  private held = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly capacity: number) {}

  get holding() {
    return this.held;
  }

  get queued() {
    return this.waiters.length;
  }

  /** Resolves with a release function once a slot is free; release is idempotent. */
  async enter(): Promise<() => void> {
    if (this.held < this.capacity) this.held++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve)); // the leaver hands its slot over
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held--;
    };
  }
}
