import { Badge, Card, Table } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';
import { embeddingProvider, providerFor } from '@/lib/embeddings/provider';
import { projectPool } from '@/lib/db/pools';
import { listCollections } from '@/lib/collections/catalog';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Embeddings · Settings' };
export const dynamic = 'force-dynamic';

async function EmbeddingsPage() {
  await requirePage('admin', '/settings/embeddings');
  const collections = await listCollections(projectPool(), { counts: false });
  const provider = embeddingProvider();
  return (
    <Card title="Embedding provider">
      <p className="mb-3 text-sm text-slate-600"><code>{provider.id}</code> — {provider.description}</p>
      <Table head={['Collection', 'Dimension', 'Text queries']} numeric={[1]} label="Collections and their embeddings">
        {collections.map((c) => {
          let verdict: React.ReactNode;
          try {
            providerFor(c.id, c.dimension, provider);
            verdict = <Badge tone="green">{provider.id}</Badge>;
          } catch (err) {
            verdict = <span className="text-xs text-rose-700">{(err as Error).message}</span>;
          }
          return (
            <tr key={c.id}>
              <td className="px-4 py-2 font-mono text-xs">{c.id}</td>
              <td className="num px-4 py-2">{c.dimension}</td>
              <td className="px-4 py-2">{verdict}</td>
            </tr>
          );
        })}
      </Table>
    </Card>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(EmbeddingsPage);
