import { Card } from '@/components/ui/primitives';
import { RulesForm } from '@/components/review/admin-forms';
import { requirePage } from '@/lib/auth/guard';
import { getRules } from '@/lib/review/queue';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Review rules · Settings' };
export const dynamic = 'force-dynamic';

async function ReviewRulesPage() {
  await requirePage('admin', '/settings/review-rules');
  const rules = await getRules();
  return (
    <Card title="What enters the review queue">
      <RulesForm rules={rules} />
      <p className="mt-2 text-xs text-slate-600">Flagged items (low quality, or a low rating) stay until they have two ratings; nobody reviews the same item twice.</p>
    </Card>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(ReviewRulesPage);
