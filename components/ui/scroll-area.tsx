'use client';
// A horizontally scrolling box for wide tables and plan text: reachable by keyboard (tabIndex, a
// named region) and, when its content is wider than the screen, a visible hint that it scrolls.
import { useEffect, useRef, useState } from 'react';

export function ScrollArea({ label, children, className = '', hint = 'Scroll sideways for more columns' }: { label: string; children: React.ReactNode; className?: string; hint?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const check = () => setOverflows(el.scrollWidth > el.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div className={className}>
      <div ref={box} role="region" aria-label={label} tabIndex={0} data-overflows={overflows || undefined}
        className="relative overflow-x-auto rounded-[inherit] focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400">
        {children}
      </div>
      {overflows ? (
        <p className="rounded-b-[inherit] border-t border-slate-100 bg-white px-4 py-1.5 text-xs text-slate-600" data-testid="scroll-hint">
          <span aria-hidden>⇆</span> {hint}
        </p>
      ) : null}
    </div>
  );
}
