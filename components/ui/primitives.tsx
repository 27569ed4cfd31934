import Link from 'next/link';
import { ScrollArea } from './scroll-area';

export function PageHeader({ title, description, actions }: { title: string; description?: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}

export function Card({ title, children, className = '', actions }: { title?: string; children: React.ReactNode; className?: string; actions?: React.ReactNode }) {
  return (
    <section className={`min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm ${className}`}>
      {title ? (
        <header className="flex items-center justify-between border-b border-slate-100 px-5 py-3">
          <h2 className="text-sm font-semibold text-slate-700">{title}</h2>
          {actions}
        </header>
      ) : null}
      <div className="p-5">{children}</div>
    </section>
  );
}

export function Stat({ label, value, hint, testId }: { label: string; value: React.ReactNode; hint?: React.ReactNode; testId?: string }) {
  return (
    <div className="min-w-0 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold text-slate-900" data-testid={testId}>{value}</div>
      {hint ? <div className="mt-1 truncate text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}

const BADGE_TONES = {
  slate: 'bg-slate-100 text-slate-700 ring-slate-200',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  red: 'bg-rose-50 text-rose-700 ring-rose-200',
  amber: 'bg-amber-50 text-amber-800 ring-amber-200',
  blue: 'bg-sky-50 text-sky-700 ring-sky-200',
  violet: 'bg-violet-50 text-violet-700 ring-violet-200',
} as const;

export function Badge({ children, tone = 'slate' }: { children: React.ReactNode; tone?: keyof typeof BADGE_TONES }) {
  return (
    <span className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${BADGE_TONES[tone]}`}>
      {children}
    </span>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: React.ReactNode; action?: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      {children ? <div className="mx-auto mt-2 max-w-md text-sm text-slate-500">{children}</div> : null}
      {action ? <div className="mt-4">{action}</div> : null}
    </div>
  );
}

export function Pagination({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  const linkClass = 'rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm hover:bg-slate-50';
  const disabledClass = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-500 border-dashed';
  return (
    <nav className="mt-4 flex items-center justify-between" aria-label="Pagination">
      <span className="text-sm text-slate-500" data-testid="page-indicator">
        Page {page} of {pages}
      </span>
      <div className="flex gap-2">
        {page > 1 ? <Link className={linkClass} href={href(page - 1)}>← Previous</Link> : <span aria-disabled="true" className={disabledClass}>← Previous</span>}
        {page < pages ? <Link className={linkClass} href={href(page + 1)}>Next →</Link> : <span aria-disabled="true" className={disabledClass}>Next →</span>}
      </div>
    </nav>
  );
}

/**
 * A table in a card that scrolls sideways inside itself (with a hint) instead of widening the page.
 * `numeric` lists the columns whose header is right-aligned; their cells use the `num` class.
 * An empty header (a column of buttons) is named for screen readers.
 */
export function Table({ head, children, label, numeric = [] }: { head: React.ReactNode[]; children: React.ReactNode; label?: string; numeric?: number[] }) {
  // The scroll box's name stays clear of column names, which would also match form labels ("Name", "Key").
  return (
    <ScrollArea label={label ?? 'Scrollable table'} className="min-w-0 rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={`whitespace-nowrap px-4 py-2.5 text-xs font-semibold uppercase tracking-wide text-slate-600 ${numeric.includes(i) ? 'text-right' : 'text-left'}`}>
                {h === '' ? <span className="sr-only">Actions</span> : h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </ScrollArea>
  );
}
