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

export function timeAgo(d: Date | string | null, now = Date.now()): string {
  if (!d) return 'never';
  const date = typeof d === 'string' ? new Date(d) : d;
  const s = Math.round((now - date.getTime()) / 1000);
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}
