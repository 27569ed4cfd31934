import { Card, PageHeader, Table } from '@/components/ui/primitives';
import { formatDateTime } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { ReviewPanel } from '@/components/review/review-panel';
import { ClaimControls, RulesForm } from '@/components/review/admin-forms';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { listUsers } from '@/lib/users/users';
import { reviewerView, LEASE_MINUTES } from '@/lib/review/queue';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Review' };
export const dynamic = 'force-dynamic';

async function ReviewPage() {
  const user = await requirePage('review', '/review');
  const { view, queue } = await reviewerView(user);
  const isAdmin = can(user.role, 'admin');
  const status = isAdmin ? queue : null;
  const users = isAdmin ? await listUsers() : [];
  const reviewers = users.filter((u) => !u.disabledAt && (u.role === 'reviewer' || u.role === 'admin'));
  return (
    <div className="space-y-6">
      <PageHeader title="Review" description={`One generation at a time; it is yours for ${LEASE_MINUTES} minutes, then it returns to the queue.`} />
      <ReviewPanel initial={view} />
      {isAdmin && status ? (
        <>
          <Card title={`Claims (${status.claims.length})`}>
            {status.claims.length === 0 ? <p className="text-sm text-slate-500">Nobody is reviewing right now.</p> : (
              <Table head={['Generation', 'Reviewer', 'Claimed', 'Lease', '']}>
                {status.claims.map((c) => (
                  <tr key={c.generation_id} data-testid="claim-row">
                    <td className="px-4 py-2 text-sm">{c.name} <span className="font-mono text-xs text-slate-500">{c.generation_id}</span></td>
                    <td className="px-4 py-2 text-sm">{c.email}</td>
                    <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500"><Time at={c.claimed_at} relative /></td>
                    <td className="px-4 py-2 text-xs">{c.expired ? <span className="text-amber-700">expired: back in the queue</span> : <>ends <Time at={c.lease_until} relative /></>}</td>
                    <td className="px-4 py-2"><ClaimControls generationId={c.generation_id} reviewers={reviewers.map((r) => ({ id: r.id, email: r.email }))} /></td>
                  </tr>
                ))}
              </Table>
            )}
          </Card>
          <Card title="What enters the queue">
            <RulesForm rules={status.rules} />
            <p className="mt-2 text-xs text-slate-500">Flagged items (low quality, or a low rating) stay until they have two ratings; nobody reviews the same item twice.</p>
          </Card>
        </>
      ) : null}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(ReviewPage);
