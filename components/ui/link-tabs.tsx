'use client';
// Tabs kept in the URL (?tab=…), so a server page runs only the visible tab's queries and a tab can be
// linked to. WAI-ARIA tab semantics: one tab in the Tab order, arrow keys / Home / End move between
// tabs and open the one reached (automatic activation).
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useRef } from 'react';

export interface TabItem { id: string; label: string }

export function tabHref(pathname: string, params: URLSearchParams, param: string, id: string, first: string) {
  const next = new URLSearchParams(params);
  if (id === first) next.delete(param); else next.set(param, id);
  const query = next.toString();
  return query ? `${pathname}?${query}` : pathname;
}

export function LinkTabs({ tabs, current, label, param = 'tab' }: { tabs: TabItem[]; current: string; label: string; param?: string }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const router = useRouter();
  const refs = useRef<(HTMLAnchorElement | null)[]>([]);
  const hrefOf = (id: string) => tabHref(pathname, new URLSearchParams(params.toString()), param, id, tabs[0].id);
  const onKeyDown = (e: React.KeyboardEvent, i: number) => {
    const to = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    refs.current[to]?.focus();
    router.push(hrefOf(tabs[to].id), { scroll: false });
  };
  return (
    <div role="tablist" aria-label={label} className="-mx-1 flex gap-1 overflow-x-auto border-b border-slate-200 px-1" data-testid="tabs">
      {tabs.map((t, i) => {
        const selected = t.id === current;
        return (
          <Link key={t.id} href={hrefOf(t.id)} scroll={false} role="tab" id={`tab-${t.id}`} aria-selected={selected}
            aria-controls={`tabpanel-${t.id}`} tabIndex={selected ? 0 : -1} ref={(el) => { refs.current[i] = el; }}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={`-mb-px inline-flex min-h-10 items-center whitespace-nowrap border-b-2 px-3 text-sm ${selected
              ? 'border-indigo-600 font-medium text-slate-900' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'}`}>
            {t.label}
          </Link>
        );
      })}
    </div>
  );
}

/** The panel of the selected tab; the page renders only this one. */
export function TabPanel({ id, children }: { id: string; children: React.ReactNode }) {
  return <div role="tabpanel" id={`tabpanel-${id}`} aria-labelledby={`tab-${id}`} tabIndex={0} className="space-y-6 focus:outline-none">{children}</div>;
}
