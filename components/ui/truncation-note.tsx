import type { Shown } from '@/lib/display/bounded';
import { formatNumber } from './format';

/** Under a value cut for display: how much is hidden, and where the whole of it is. */
export function TruncationNote({ shown, href }: { shown: Shown; href: string }) {
  if (!shown.truncated) return null;
  return (
    <p className="mt-2 text-xs text-slate-500" data-testid="truncated">
      Showing {formatNumber(shown.text.length)} of {formatNumber(shown.total)} characters.{' '}
      <a className="text-indigo-600 hover:underline" href={href} download>Show all (download)</a>
    </p>
  );
}
