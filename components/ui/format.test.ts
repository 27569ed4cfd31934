import { describe, expect, it } from 'vitest';
import { formatDateTime, plural, timeAgo } from './format';

describe('format', () => {
  it('writes one date format, with its time zone', () => {
    expect(formatDateTime(new Date(Date.UTC(2026, 11, 2, 5, 37, 12)))).toBe('2026-12-02 05:37 UTC');
    expect(formatDateTime(null)).toBe('—');
  });

  it('says how long ago, or how long until', () => {
    const now = Date.UTC(2026, 0, 10, 12, 0);
    expect(timeAgo(new Date(now - 3 * 60_000), now)).toBe('3 min ago');
    expect(timeAgo(new Date(now - 5 * 3_600_000), now)).toBe('5 h ago');
    expect(timeAgo(new Date(now - 3 * 86_400_000), now)).toBe('3 days ago');
    expect(timeAgo(new Date(now + 4 * 60_000), now)).toBe('in 4 min');
    expect(timeAgo(null, now)).toBe('never');
  });

  it('counts in words: 1 entry, 2 entries', () => {
    expect(plural(1, 'entry', 'entries')).toBe('1 entry');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(plural(1200, 'row')).toBe('1,200 rows');
  });
});
