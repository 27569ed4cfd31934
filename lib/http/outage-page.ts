// For pages that start rendering before this instance has noticed an outage (proxy.ts answers the
// ones after): a connection-class failure out of a page's render becomes a redirect to /outage, which
// answers 503 with Retry-After and returns to the page once the database answers. Left to throw, it
// would reach app/(console)/error.tsx, but with status 500: a server component that throws before
// streaming makes Next.js answer 500 (vercel/next.js #56236), and none can set 503 itself.
//
// Only a page's own render is covered, not a child server component's; the console's pages read
// their data in the page function (child components get it as props).
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { DatabaseUnavailableError, isConnectionError } from '@/lib/db/errors';
import { noteDatabaseUnreachable } from '@/lib/db/outage';
import { outageHref, PAGE_PATH_HEADER } from './outage-document';

export function isOutageError(err: unknown): boolean {
  return err instanceof DatabaseUnavailableError || isConnectionError(err);
}

/** `export default outagePage(SomePage)`: SomePage, with a database outage answered as above. */
export function outagePage<P, R>(render: (props: P) => Promise<R>): (props: P) => Promise<R> {
  return async function Page(props: P) {
    try {
      return await render(props);
    } catch (err) {
      if (!isOutageError(err)) throw err;
      // So the proxy answers this browser's next pages 503 at once, without rendering them.
      noteDatabaseUnreachable();
      redirect(outageHref((await headers()).get(PAGE_PATH_HEADER) ?? '/'));
    }
  };
}
