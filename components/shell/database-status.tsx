'use client';
// While a page cannot reach the database it says so, polls /api/health (no sign-in, no database
// query beyond a ping) and reloads its server data by itself once the database answers again.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

const POLL_MS = 2000;

/** true / false once /api/health has answered; null before. */
export function useDatabaseUp(): boolean | null {
  const [up, setUp] = useState<boolean | null>(null);
  useEffect(() => {
    let stopped = false;
    const check = async () => {
      const ok = await fetch('/api/health', { cache: 'no-store' }).then((r) => r.ok, () => false);
      if (!stopped) setUp(ok);
    };
    void check();
    const timer = setInterval(check, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return up;
}

/** Calls onBack once the database answers after having been seen down (or, with assumeDown, at once). */
export function useWhenDatabaseBack(onBack: () => void, assumeDown = false): boolean | null {
  const up = useDatabaseUp();
  const sawDown = useRef(assumeDown);
  const last = useRef(0);
  useEffect(() => {
    if (up === false) sawDown.current = true;
    // At most every 5 s: a ping that answers while the page's own queries still fail must not loop.
    if (up && sawDown.current && Date.now() - last.current > 5000) {
      last.current = Date.now();
      onBack();
    }
  }, [up, onBack]);
  return up;
}

/** For a server component that rendered without its data because the database was down. */
export function ReloadWhenDatabaseBack() {
  const router = useRouter();
  useWhenDatabaseBack(() => router.refresh(), true);
  return null;
}
