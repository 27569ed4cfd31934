import Link from 'next/link';
import { EmptyState, PageHeader, Table } from '@/components/ui/primitives';
import { formatDateTime, formatNumber, timeAgo } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { subtleButtonClass } from '@/components/ui/form';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { listNamespaces } from '@/lib/memories/namespaces';

export const metadata = { title: 'Namespaces' };
export const dynamic = 'force-dynamic';

export default async function NamespacesPage() {
  const user = await requirePage('read', '/namespaces');
  const namespaces = await listNamespaces();
  const importLink = can(user.role, 'write') ? <Link className={subtleButtonClass} href="/import">Import a file</Link> : null;
  return (
    <div>
      <PageHeader title="Namespaces" description="Logical groups of memory_entries. Open one to page through its entries." actions={importLink} />
      {namespaces.length === 0 ? (
        <EmptyState title="No namespaces yet" action={importLink}>
          A namespace appears when an agent stores its first memory in it{importLink ? ', or when you import a JSONL or CSV file into one' : ''}. Load demo data with <code>npm run db:seed</code>.
        </EmptyState>
      ) : (
        <Table head={['Namespace', 'Entries', 'With embedding', 'Last update']} numeric={[1]}>
          {namespaces.map((n) => {
            const coverage = n.entries ? n.withEmbedding / n.entries : 0;
            return (
              <tr key={n.namespace} className="hover:bg-slate-50">
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
      )}
    </div>
  );
}
