// One value of an arbitrary table row, laid out by what it is: numbers and timestamps on one line,
// short text as is, long text and JSON clamped to two lines that break between words where they can.
import Link from 'next/link';
import { shownText } from '@/lib/display/bounded';
import { Badge } from '@/components/ui/primitives';

const CELL_MAX_CHARS = 300;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)?$/;

export function CellValue({ value, href }: { value: unknown; href?: string }) {
  if (value === null || value === undefined) return <td className="px-4 py-2 text-xs text-slate-500">—</td>;
  if (href) {
    return (
      <td className="whitespace-nowrap px-4 py-2 text-xs">
        <Link className="font-medium text-indigo-700 hover:underline" href={href}>{shownText(typeof value === 'object' ? JSON.stringify(value) : String(value), CELL_MAX_CHARS).text}</Link>
      </td>
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return <td className="num px-4 py-2 text-xs">{String(value)}</td>;
  }
  if (typeof value === 'string' && TIMESTAMP.test(value)) {
    // Shown as stored (a timestamp without time zone has none to convert from), to the second.
    return <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600" title={value}>{value.replace('T', ' ').replace(/\.\d+/, '')}</td>;
  }
  // A list of short strings (tags, labels) reads as chips, not as JSON.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length <= 60)) {
    return (
      <td className="px-4 py-2">
        {value.length ? <span className="flex min-w-32 flex-wrap gap-1">{(value as string[]).map((t, i) => <Badge key={i} tone="blue">{t}</Badge>)}</span> : <span className="text-xs text-slate-500">none</span>}
      </td>
    );
  }
  const json = typeof value === 'object';
  // Two lines are shown; the row's own view and the export have the rest.
  const full = json ? JSON.stringify(value) : String(value);
  const text = full.length > CELL_MAX_CHARS ? `${full.slice(0, CELL_MAX_CHARS)}…` : full;
  if (text.length <= 32) return <td className={`whitespace-nowrap px-4 py-2 text-xs ${json ? 'font-mono' : ''}`}>{text}</td>;
  return (
    <td className={`min-w-48 max-w-xs px-4 py-2 text-xs ${json ? 'font-mono text-slate-600' : ''}`} title={full.length <= CELL_MAX_CHARS ? full : undefined}>
      <span className="line-clamp-2 [overflow-wrap:anywhere]">{text}</span>
    </td>
  );
}
