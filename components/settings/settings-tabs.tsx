'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { SETTINGS_TABS } from './settings-sections';


/** Settings' sub-pages as links (each its own URL, so back/forward and bookmarks work). */
export function SettingsTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings sections" className="flex flex-wrap gap-x-1 border-b border-slate-200">
      {SETTINGS_TABS.map((t) => {
        const current = pathname === t.href || pathname.startsWith(`${t.href}/`);
        return (
          <Link key={t.href} href={t.href} aria-current={current ? 'page' : undefined}
            className={`whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${current ? 'border-indigo-600 text-indigo-700' : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'}`}>
            {t.label}
          </Link>
        );
      })}
    </nav>
  );
}
