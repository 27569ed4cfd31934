import { NotBuiltYet } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';

export const metadata = { title: 'Health' };

export default async function HealthPage() {
  await requirePage('read', '/health');
  return (
    <NotBuiltYet
      title="Health"
      what="Pool health and query latency on live charts, table and index statistics, and maintenance."
      issue="Health: pool health and query latency on live charts, database and index stats, maintenance"
    />
  );
}
