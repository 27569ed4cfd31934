// Two lanes to the database: interactive work (pages, server actions, the browser's own API calls)
// and bulk work (API traffic on a Bearer token). Bulk work holds or queues for at most `bulkMax` of a
// pool's connections at once and waits its turn here, so a page goes ahead of it: on a real server a
// share of the pool stays free for pages; on the embedded engine (a pool of one connection) a page
// waits for at most the one bulk statement running.
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
