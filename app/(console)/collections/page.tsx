import Link from 'next/link';
import { Badge, Card, EmptyState, PageHeader, Table } from '@/components/ui/primitives';
import { formatBytes, formatCount } from '@/components/ui/format';
import { CreateCollectionForm } from '@/components/collections/collection-forms';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { projectPool } from '@/lib/db/pools';
import { listCollections } from '@/lib/collections/catalog';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Collections' };
export const dynamic = 'force-dynamic';

async function CollectionsPage() {
  const user = await requirePage('read', '/collections');
  const collections = await listCollections(projectPool());
  return (
    <div className="space-y-6">
      <PageHeader title="Collections" description="Every table column of type vector in this database, found in the catalogue." />
      {collections.length === 0 ? (
        <EmptyState title="No vector columns yet">Create a collection below, or add a vector column to any table.</EmptyState>
      ) : (
        <Table head={['Collection', 'Rows', 'Dimension', 'Vector indexes']} numeric={[1, 2]}>
          {collections.map((c) => (
            <tr key={c.id} className="align-top hover:bg-slate-50" data-testid="collection-row">
              <td className="px-4 py-2.5 font-mono text-xs">
                <Link className="text-indigo-700 hover:underline" href={`/collections/${encodeURIComponent(c.id)}`}>
                  {c.schema === 'public' ? '' : `${c.schema}.`}{c.table}<span className="text-slate-500">.{c.column}</span>
                </Link>
              </td>
              <td className="num px-4 py-2.5">{formatCount(c.rows, c.rowsEstimated)}</td>
              <td className="num px-4 py-2.5">{c.dimension}</td>
              <td className="px-4 py-2.5">
                {c.indexes.length === 0 ? <Badge tone="amber">none: exact scans only</Badge> : c.indexes.map((i) => (
                  <div key={i.name} className="text-xs">
                    <Badge tone="green">{i.method}</Badge> <span className="font-mono">{i.name}</span>{' '}
                    <span className="text-slate-500">{i.distance ?? '?'} · {Object.entries(i.options).map(([k, v]) => `${k}=${v}`).join(', ') || 'defaults'} · {formatBytes(i.bytes)}</span>
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {can(user.role, 'write') ? (
        <Card title="New collection">
          <CreateCollectionForm />
        </Card>
      ) : null}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(CollectionsPage);
