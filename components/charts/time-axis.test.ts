import { describe, expect, it } from 'vitest';
import { fillGaps, isolatedPoints, windowTicks } from './time-axis';

const MIN = 60_000;

describe('fillGaps', () => {
  it('gives every bucket of the window a point, null where there was no sample', () => {
    const from = 100 * MIN;
    const data = [{ t: 101 * MIN, qps: 3 }, { t: 104 * MIN, qps: 5 }];
    const out = fillGaps(data, from, from + 5 * MIN, MIN, ['qps']);
    expect(out.map((p) => p.t)).toEqual([100, 101, 102, 103, 104].map((m) => m * MIN));
    expect(out.map((p) => p.qps)).toEqual([null, 3, null, null, 5]);
  });

  it('spans seven days at a two-hour step even with one sample today', () => {
    const step = 120 * MIN;
    const to = 1_000 * step;
    const from = to - 7 * 24 * 60 * MIN;
    const out = fillGaps([{ t: to - step, n: 1 }], from, to, step, ['n']);
    expect(out).toHaveLength(84);
    expect(out[0]).toEqual({ t: from, n: null });
    expect(out.at(-1)).toEqual({ t: to - step, n: 1 });
  });
});

describe('windowTicks', () => {
  it('labels the whole window on round times', () => {
    const from = Date.UTC(2026, 0, 1, 10, 2);
    expect(windowTicks(from, from + 15 * MIN).map((t) => new Date(t).toISOString().slice(11, 16)))
      .toEqual(['10:02', '10:04', '10:06', '10:08', '10:10', '10:12', '10:14', '10:16']);
    // Seven days: one tick a day, first to last.
    const week = windowTicks(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 8));
    expect(week).toHaveLength(8);
    expect(week[0]).toBe(Date.UTC(2026, 0, 1));
    expect(week.at(-1)).toBe(Date.UTC(2026, 0, 8));
  });
});

describe('isolatedPoints', () => {
  it('finds values with no neighbour to draw a line to', () => {
    const data = [{ v: 1 }, { v: null }, { v: 2 }, { v: 3 }, { v: null }, { v: 4 }];
    expect([...isolatedPoints(data, 'v')]).toEqual([0, 5]);
  });
});
