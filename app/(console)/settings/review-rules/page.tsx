import { Card } from '@/components/ui/primitives';
import { RulesForm } from '@/components/review/admin-forms';
import { requirePage } from '@/lib/auth/guard';
import { getRules } from '@/lib/review/queue';

export const metadata = { title: 'Review rules · Settings' };
export const dynamic = 'force-dynamic';

export default async function ReviewRulesPage() {
  await requirePage('admin', '/settings/review-rules');
  const rules = await getRules();
  return (
    <Card title="What enters the review queue">
      <RulesForm rules={rules} />
      <p className="mt-2 text-xs text-slate-600">Flagged items (low quality, or a low rating) stay until they have two ratings; nobody reviews the same item twice.</p>
    </Card>
  );
}
