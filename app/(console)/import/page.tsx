import { PageHeader } from '@/components/ui/primitives';
import { ImportPanel } from '@/components/import/import-panel';
import { ImportHistory } from '@/components/import/import-history';
import { listImportJobs } from '@/lib/import-jobs';
import { requirePage } from '@/lib/auth/guard';
import { listNamespaces } from '@/lib/namespaces';

export const metadata = { title: 'Import' };
export const dynamic = 'force-dynamic';

export default async function ImportPage({ searchParams }: { searchParams: Promise<{ namespace?: string }> }) {
  await requirePage('write', '/import');
  const { namespace } = await searchParams;
  const [all, jobs] = await Promise.all([listNamespaces(), listImportJobs()]);
  const namespaces = all.map((n) => n.namespace);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Import"
        description="Rows are validated first, then upserted on namespace + key in batches of 500, each in its own transaction: a re-run is safe and a cancelled import keeps whole batches. The count is checked at the end."
      />
      <ImportPanel namespace={namespace} namespaces={namespaces} />
      <ImportHistory jobs={jobs} />
    </div>
  );
}
