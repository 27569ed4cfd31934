import Link from 'next/link';
import { EmptyState, PageHeader, Table } from '@/components/ui/primitives';
import { formatNumber, plural } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { buttonClass, inputClass, subtleButtonClass } from '@/components/ui/form';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { ValidationError } from '@/lib/errors';
import { findNamespaces, type NamespacePage } from '@/lib/memories/namespaces';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Namespaces' };
export const dynamic = 'force-dynamic';

type Search = { q?: string; match?: string; after?: string; before?: string };

async function NamespacesPage({ searchParams }: { searchParams: Promise<Search> }) {
  const user = await requirePage('read', '/namespaces');
  const sp = await searchParams;
  let data: NamespacePage | null = null;
  let filterError: string | null = null;
  try {
    data = await findNamespaces(sp);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    filterError = err.message;
  }
  const importLink = can(user.role, 'write') ? <Link className={subtleButtonClass} href="/import">Import a file</Link> : null;
  const filtered = Boolean(data?.filter.q);
  const pageHref = (cursor: { after?: string; before?: string }) => {
    const p = new URLSearchParams();
    if (data?.filter.q) p.set('q', data.filter.q);
    if (data?.filter.match === 'prefix') p.set('match', 'prefix');
    for (const [k, v] of Object.entries(cursor)) if (v) p.set(k, v);
    return `/namespaces?${p}`;
  };
  const noNamespacesAtAll = data && !filtered && data.matching === 0;
  return (
    <div>
      <PageHeader title="Namespaces" description="Logical groups of memory entries. Open one to page through its entries." actions={importLink} />
      {noNamespacesAtAll ? (
        <EmptyState title="No namespaces yet" action={importLink}>
          A namespace appears when an agent stores its first memory in it{importLink ? ', or when you import a JSONL or CSV file into one' : ''}. Load demo data with <code>npm run db:seed</code>.
        </EmptyState>
      ) : (
        <>
          <form className="mb-4 flex flex-wrap items-end gap-2" role="search" aria-label="Filter namespaces" data-testid="namespace-filter">
            <label className="text-xs text-slate-600">Name
              <input name="q" defaultValue={sp.q ?? ''} placeholder="e.g. agent" className={`mt-1 block w-64 max-w-full ${inputClass}`} />
            </label>
            <label className="text-xs text-slate-600">Match
              <select name="match" defaultValue={sp.match === 'prefix' ? 'prefix' : 'contains'} className={`mt-1 block ${inputClass}`}>
                <option value="contains">contains</option>
                <option value="prefix">starts with</option>
              </select>
            </label>
            <button className={buttonClass}>Filter</button>
            {filtered ? <Link className={subtleButtonClass} href="/namespaces">Clear</Link> : null}
            {data ? <p className="ml-auto self-center text-sm tabular-nums text-slate-600" data-testid="namespace-count">{plural(data.matching, 'namespace')}{filtered ? ' match' : ''}</p> : null}
          </form>
          {filterError ? <p className="mb-4 text-sm text-rose-700" role="alert">{filterError}</p> : null}
          {data && data.namespaces.length === 0 ? (
            <EmptyState title={filtered ? `No namespace ${data.filter.match === 'prefix' ? 'starts with' : 'contains'} “${data.filter.q}”` : 'No namespaces past this page'}
              action={<Link className={subtleButtonClass} href="/namespaces">Show all namespaces</Link>}>
              Names are matched without regard to case. Check the spelling, try {data.filter.match === 'prefix' ? '“contains”' : 'a shorter part of the name'}, or clear the filter{importLink ? '; a namespace that does not exist yet appears when you import a file into it' : ''}.
            </EmptyState>
          ) : data ? (
            <>
              <NamespaceTable namespaces={data.namespaces} />
              {data.before || data.after ? (
                <nav className="mt-4 flex justify-end gap-2" aria-label="Pagination">
                  {data.before ? <Link className={subtleButtonClass} href={pageHref({ before: data.before })}>← Previous</Link> : null}
                  {data.after ? <Link className={subtleButtonClass} href={pageHref({ after: data.after })}>Next →</Link> : null}
                </nav>
              ) : null}
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

function NamespaceTable({ namespaces }: { namespaces: NamespacePage['namespaces'] }) {
  return (
    <Table head={['Namespace', 'Entries', 'With embedding', 'Last update']} numeric={[1]} label="Namespaces">
      {namespaces.map((n) => {
        const coverage = n.entries ? n.withEmbedding / n.entries : 0;
        return (
          <tr key={n.namespace} className="hover:bg-slate-50" data-testid="namespace-row">
            <td className="px-4 py-2.5">
              <Link className="font-medium text-indigo-600 hover:underline" href={`/namespaces/${encodeURIComponent(n.namespace)}`}>
                {n.namespace}
              </Link>
            </td>
            <td className="num px-4 py-2.5">{formatNumber(n.entries)}</td>
            <td className="px-4 py-2.5">
              <div className="flex items-center gap-2">
                <div className="h-1.5 w-24 rounded-full bg-slate-100" aria-hidden>
                  <div className={`h-1.5 rounded-full ${coverage < 0.9 ? 'bg-amber-500' : 'bg-emerald-500'}`} style={{ width: `${coverage * 100}%` }} />
                </div>
                <span className="tabular-nums text-slate-600">
                  {formatNumber(n.withEmbedding)} <span className="text-slate-500">({Math.round(coverage * 100)}%)</span>
                </span>
              </div>
            </td>
            <td className="whitespace-nowrap px-4 py-2.5 text-slate-600"><Time at={n.lastUpdated} relative /></td>
          </tr>
        );
      })}
    </Table>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(NamespacesPage);
