import { Card, PageHeader } from '@/components/ui/primitives';
import { MemoryForm } from '@/components/memories/memory-forms';
import { requirePage } from '@/lib/auth/guard';
import { embeddingProvider } from '@/lib/embeddings/provider';
import { memoryDimension } from '@/lib/memories/memories';

export const metadata = { title: 'New entry' };

export default async function NewMemoryPage({ searchParams }: { searchParams: Promise<{ namespace?: string }> }) {
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
