import Link from 'next/link';
import { Badge, Card, PageHeader } from '@/components/ui/primitives';
import { formatDateTime, formatNumber } from '@/components/ui/format';
import { AddFeedbackForm, OwnFeedbackControls, PromoteButton } from '@/components/generations/feedback-forms';
import { currentUser, requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { feedbackFor } from '@/lib/feedback/feedback';
import { getGeneration } from '@/lib/generations/generations';
import { pagePathSegment, orNotFound } from '@/lib/http/params';
import { outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

// The generation's name in the browser title, for signed-in readers only (the page itself checks the role).
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const name = (await currentUser().catch(() => null)) ? await getGeneration(id).then((g) => g.name, () => null) : null;
  return { title: name ? `${name} · Generation` : `Generation ${id}` };
}

async function GenerationPage({ params }: { params: Promise<{ id: string }> }) {
  const id = pagePathSegment((await params).id);
  const user = await requirePage('read', `/generations/${encodeURIComponent(id)}`);
  const g = await orNotFound(getGeneration(id));
  const feedback = await feedbackFor(id);
  const promoted = (g.promoted ?? []) as { id: string; name: string }[];
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/feedback">Feedback</Link> / {g.id}</div>
      <PageHeader title={g.name} description={g.description}
        actions={can(user.role, 'admin') && promoted.length === 0 ? <PromoteButton generationId={g.id} /> : null} />
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card title="Content"><pre className="overflow-x-auto font-mono text-xs leading-relaxed" data-testid="generation-content">{g.content}</pre></Card>
          <Card title={`Feedback (${feedback.length})`}>
            {feedback.length === 0 ? <p className="text-sm text-slate-500">No feedback yet.</p> : (
              <ul className="divide-y divide-slate-100" data-testid="feedback-thread">
                {feedback.map((f) => (
                  <li key={f.id} className="py-2.5">
                    <div className="flex items-center gap-2 text-sm">
                      <Badge tone={f.rating <= 2 ? 'red' : f.rating >= 4 ? 'green' : 'slate'}>{f.rating}★</Badge>
                      <span className="text-slate-600">{f.userEmail ?? 'earlier reviewer'}</span>
                      <span className="text-xs text-slate-500">{formatDateTime(f.createdAt)}{f.updatedAt ? ' (edited)' : ''}</span>
                    </div>
                    {f.comment ? <p className="mt-1 text-sm">{f.comment}</p> : null}
                    {f.userId === user.id || can(user.role, 'admin') ? (
                      <OwnFeedbackControls feedbackId={f.id} rating={f.rating} comment={f.comment} canEdit={f.userId === user.id} />
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {can(user.role, 'review') ? <div className="mt-4 border-t border-slate-100 pt-4"><AddFeedbackForm generationId={g.id} /></div> : null}
          </Card>
        </div>
        <Card title="Details">
          <dl className="space-y-2 text-sm">
            {[
              ['Type', g.artifact_type], ['Provider', g.provider], ['Model', g.model], ['Tokens', formatNumber(g.tokens_used ?? 0)],
              ['Cost', `$${Number(g.cost ?? 0).toFixed(4)}`], ['Quality score', g.quality_score?.toFixed(2) ?? '—'], ['Created', formatDateTime(g.created_at)],
            ].map(([k, v]) => <div key={k} className="flex justify-between"><dt className="text-slate-500">{k}</dt><dd>{v}</dd></div>)}
            {g.template_id ? <div className="flex justify-between"><dt className="text-slate-500">From template</dt><dd><Link className="text-indigo-600 hover:underline" href={`/templates/${encodeURIComponent(g.template_id)}`}>{g.template_name}</Link></dd></div> : null}
            {promoted.map((t) => <div key={t.id} className="flex justify-between"><dt className="text-slate-500">Promoted to</dt><dd><Link className="text-indigo-600 hover:underline" href={`/templates/${encodeURIComponent(t.id)}`}>{t.name}</Link></dd></div>)}
            <div><dt className="text-slate-500">Metadata</dt><dd><pre className="mt-1 rounded-lg bg-slate-50 p-2 font-mono text-xs">{JSON.stringify(g.metadata ?? {}, null, 2)}</pre></dd></div>
          </dl>
        </Card>
      </div>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(GenerationPage);
