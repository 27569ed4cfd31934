import { formatDateTime, timeAgo } from './format';

/**
 * The console's one way to show a time: the exact UTC time, or with `relative` "3 min ago" where
 * recency matters; the other form is always on hover, and the machine-readable one in dateTime.
 */
export function Time({ at, relative = false, className }: { at: Date | string | null | undefined; relative?: boolean; className?: string }) {
  if (!at) return <span className={className}>{relative ? 'never' : '—'}</span>;
  const date = typeof at === 'string' ? new Date(at) : at;
  const exact = formatDateTime(date);
  return (
    <time dateTime={date.toISOString()} title={relative ? exact : timeAgo(date)} className={className}>
      {relative ? timeAgo(date) : exact}
    </time>
  );
}
