export function formatNumber(n: number): string {
  return new Intl.NumberFormat('en-US').format(n);
}

/** A row count; the planner's estimate is marked as one ("≈ 1,200,000 (estimate)"). */
export function formatCount(n: number, estimated: boolean): string {
  return estimated ? `≈ ${formatNumber(n)} (estimate)` : formatNumber(n);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (value >= 1024 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatDateTime(d: Date | string | null): string {
  if (!d) return '—';
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** How long ago (or, for a future time, how long until): "3 min ago", "in 4 min". */
export function timeAgo(d: Date | string | null, now = Date.now()): string {
  if (!d) return 'never';
  const date = typeof d === 'string' ? new Date(d) : d;
  const diff = Math.round((now - date.getTime()) / 1000);
  const s = Math.abs(diff);
  if (s < 60) return diff >= 0 ? 'just now' : 'in under a minute';
  const m = Math.round(s / 60);
  const h = Math.round(m / 60);
  const span = m < 60 ? `${m} min` : h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
  return diff >= 0 ? `${span} ago` : `in ${span}`;
}

/** "1 entry", "2 entries": the count, formatted, with the right form of the noun. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}
