'use client';
// The console frame: a 224 px sidebar from 900 px up; below that a top bar whose menu button opens
// the same sidebar as a drawer (Escape, a link or the backdrop closes it, focus goes back to the button).
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Toaster } from '@/components/ui/toast';
import { Logo } from './logo';

export function Shell({ sidebar, children }: { sidebar: React.ReactNode; children: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLDivElement>(null);
  const pathname = usePathname();

  // A link followed inside the drawer closes it.
  const [shownFor, setShownFor] = useState(pathname);
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    drawer.current?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className="min-h-screen nav:flex">
      <a href="#main" className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow focus:not-sr-only focus:fixed focus:left-2 focus:top-2">
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between bg-slate-900 px-4 nav:hidden">
        <Logo />
        <button ref={button} type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls="console-nav"
          className="flex min-h-10 items-center gap-2 rounded-lg px-3 text-sm font-medium text-slate-100 ring-1 ring-slate-700 hover:bg-slate-800">
          <span aria-hidden className="text-base leading-none">{open ? '✕' : '☰'}</span> Menu
        </button>
      </header>
      {open ? <div className="fixed inset-0 z-30 bg-slate-900/50 nav:hidden" aria-hidden onClick={() => setOpen(false)} /> : null}
      <div id="console-nav" ref={drawer}
        className={`${open ? 'fixed inset-y-0 left-0 z-40 block shadow-xl' : 'hidden'} w-56 shrink-0 bg-slate-900 nav:static nav:block nav:shadow-none`}>
        {sidebar}
      </div>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none sm:px-8 sm:py-8">{children}</main>
      <Toaster />
    </div>
  );
}
