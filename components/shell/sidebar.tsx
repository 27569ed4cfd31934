'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const NAV: { href: string; label: string; icon: string; adminOnly?: boolean; reviewerOnly?: boolean }[] = [
  { href: '/', label: 'Overview', icon: '◎' },
  { href: '/namespaces', label: 'Namespaces', icon: '▤' },
  { href: '/collections', label: 'Collections', icon: '▦' },
  { href: '/search', label: 'Search', icon: '⌕' },
  { href: '/templates', label: 'Templates', icon: '❏' },
  { href: '/feedback', label: 'Feedback', icon: '★' },
  { href: '/review', label: 'Review', icon: '✓', reviewerOnly: true },
  { href: '/costs', label: 'Costs', icon: '$' },
  { href: '/session-memory', label: 'Session memory', icon: '◷' },
  { href: '/health', label: 'Health', icon: '♥' },
  { href: '/agents', label: 'Agents', icon: '⚙' },
  { href: '/settings', label: 'Settings', icon: '⚒', adminOnly: true },
];

export function Sidebar({ isAdmin, isReviewer }: { isAdmin: boolean; isReviewer: boolean }) {
  const pathname = usePathname();
  return (
    <nav className="flex flex-col gap-0.5" aria-label="Main">
      {NAV.filter((n) => (!n.adminOnly || isAdmin) && (!n.reviewerOnly || isReviewer)).map((n) => {
        const active = n.href === '/' ? pathname === '/' : pathname.startsWith(n.href);
        return (
          <Link
            key={n.href}
            href={n.href}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center gap-2.5 rounded-lg px-3 py-2 text-sm font-medium ${
              active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'
            }`}
          >
            <span aria-hidden className="w-4 text-center text-base leading-none">{n.icon}</span>
            {n.label}
          </Link>
        );
      })}
    </nav>
  );
}
