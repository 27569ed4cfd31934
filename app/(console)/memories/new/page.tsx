import { Card, PageHeader } from '@/components/ui/primitives';
import { MemoryForm } from '@/components/memories/memory-forms';
import { requirePage } from '@/lib/auth/guard';
import { embeddingProvider } from '@/lib/embeddings/provider';
import { memoryDimension } from '@/lib/memories/memories';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'New entry' };

async function NewMemoryPage({ searchParams }: { searchParams: Promise<{ namespace?: string }> }) {
  await requirePage('write', '/memories/new');
  const { namespace } = await searchParams;
  return (
    <div className="max-w-3xl">
      <PageHeader title="New entry" description="If an entry with this namespace and key already exists, it is updated instead." />
      <Card>
        <MemoryForm
          dimension={await memoryDimension()}
          providerId={embeddingProvider().id}
          defaultNamespace={namespace}
        />
      </Card>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(NewMemoryPage);
