// A pool's last minute second by second: the most connections in use, the most callers waiting and
// the longest wait in each second, so Health shows a saturated pool while it is saturated (the
// minute buckets of recall.pool_stats are too coarse, and a 5 s snapshot misses the peaks between).

export interface SaturationSecond {
  t: number;
  inUse: number;
  waiting: number;
  /** The longest any caller had waited for a connection during this second (finished or not), ms. */
  longestWaitMs: number;
}

export const SATURATION_SECONDS = 60;
/** Health calls a pool saturated when, within this many seconds, it was full or a caller waited. */
export const SATURATED_WITHIN_SECONDS = 10;

interface Slot extends SaturationSecond {
  /** State at the slot's last event, carried into the quiet seconds after it. */
  lastInUse: number;
  lastWaiting: number;
}

const secondOf = (ms: number) => Math.floor(ms / 1000) * 1000;

export class SaturationRecord {
  private slots: Slot[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** The pool's state changed (a caller began waiting, got a connection, gave it back). */
  observe(inUse: number, waiting: number, waitedMs = 0) {
    const t = secondOf(this.now());
    let slot = this.slots[this.slots.length - 1];
    if (!slot || slot.t !== t) {
      slot = { t, inUse, waiting, longestWaitMs: 0, lastInUse: inUse, lastWaiting: waiting };
      this.slots.push(slot);
      while (this.slots.length && this.slots[0].t <= t - SATURATION_SECONDS * 1000) this.slots.shift();
    }
    slot.inUse = Math.max(slot.inUse, inUse);
    slot.waiting = Math.max(slot.waiting, waiting);
    slot.longestWaitMs = Math.max(slot.longestWaitMs, Math.round(waitedMs));
    slot.lastInUse = inUse;
    slot.lastWaiting = waiting;
  }

  /**
   * Every second of the last minute, oldest first; a second without events holds the state the one
   * before it ended in, and the current second includes `ongoingWaitMs` (a caller still waiting).
   */
  seconds(ongoingWaitMs = 0): SaturationSecond[] {
    const end = secondOf(this.now());
    const out: SaturationSecond[] = [];
    let i = 0;
    let carried: Pick<SaturationSecond, 'inUse' | 'waiting'> | null = null;
    for (let t = end - (SATURATION_SECONDS - 1) * 1000; t <= end; t += 1000) {
      while (i < this.slots.length && this.slots[i].t < t) carried = { inUse: this.slots[i].lastInUse, waiting: this.slots[i].lastWaiting }, i++;
      const slot = this.slots[i]?.t === t ? this.slots[i] : null;
      const second = slot
        ? { t, inUse: slot.inUse, waiting: slot.waiting, longestWaitMs: slot.longestWaitMs }
        : { t, inUse: carried?.inUse ?? 0, waiting: carried?.waiting ?? 0, longestWaitMs: 0 };
      if (t === end) second.longestWaitMs = Math.max(second.longestWaitMs, Math.round(ongoingWaitMs));
      out.push(second);
    }
    return out;
  }
}

/** Health's verdict on the last seconds: full or making callers wait, and the longest wait then. */
export function saturationSummary(seconds: SaturationSecond[], max: number) {
  const recent = seconds.slice(-SATURATED_WITHIN_SECONDS);
  return {
    saturated: recent.some((s) => s.inUse >= max || s.waiting > 0),
    peakInUse: Math.max(0, ...recent.map((s) => s.inUse)),
    peakWaiting: Math.max(0, ...recent.map((s) => s.waiting)),
    longestWaitMs: Math.max(0, ...recent.map((s) => s.longestWaitMs)),
  };
}
