import { PageHeader } from '@/components/ui/primitives';
import { ImportPanel } from '@/components/import/import-panel';
import { ImportHistory } from '@/components/import/import-history';
import { listImportJobs } from '@/lib/imports/jobs';
import { importableCollections } from '@/lib/imports/collection-import';
import { requirePage } from '@/lib/auth/guard';
import { listNamespaces } from '@/lib/memories/namespaces';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Import' };
export const dynamic = 'force-dynamic';

async function ImportPage({ searchParams }: { searchParams: Promise<{ namespace?: string; collection?: string }> }) {
  await requirePage('write', '/import');
  const { namespace, collection } = await searchParams;
  const [all, collections, jobs] = await Promise.all([listNamespaces(), importableCollections(), listImportJobs()]);
  const namespaces = all.map((n) => n.namespace);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Import"
        description="Every row is validated before anything is written, then upserted in batches of 500, each in its own transaction: on namespace + key for memory entries, on the table's key for a collection. A re-run is safe, a cancelled import keeps whole batches, and the count is checked at the end."
      />
      <ImportPanel namespace={namespace} namespaces={namespaces} collection={collections.some((c) => c.id === collection) ? collection : undefined} collections={collections} />
      <ImportHistory jobs={jobs} />
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(ImportPage);
