import Link from 'next/link';
import { Badge, Card, PageHeader } from '@/components/ui/primitives';
import { formatDateTime, formatNumber } from '@/components/ui/format';
import { NeighbourList } from '@/components/search/neighbour-list';
import { currentUser, requirePage } from '@/lib/auth/guard';
import { getTemplate } from '@/lib/templates/templates';
import { can } from '@/lib/auth/roles';
import { DeleteTemplateButton, TemplateForm } from '@/components/templates/template-forms';
import { pagePathSegment, orNotFound } from '@/lib/http/params';
import { outagePage } from '@/lib/http/outage-page';

export const dynamic = 'force-dynamic';

// The template's name in the browser title, for signed-in readers only (the page itself checks the role).
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const id = decodeURIComponent((await params).id);
  const name = (await currentUser().catch(() => null)) ? await getTemplate(id).then((d) => String(d.template.name), () => null) : null;
  return { title: name ? `${name} · Template` : `Template ${id}` };
}

async function TemplatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ edit?: string }> }) {
  const id = pagePathSegment((await params).id);
  const user = await requirePage('read', `/templates/${encodeURIComponent(id)}`);
  const isAdmin = can(user.role, 'admin');
  const editing = isAdmin && (await searchParams).edit === '1';
  const data = await orNotFound(getTemplate(id));
  const { template: t, feedback, similar } = data;
  const lines = String(t.content).split('\n');
  return (
    <div className="space-y-6">
      <div className="text-sm text-slate-500"><Link className="hover:underline" href="/templates">Templates</Link> / {t.id}</div>
      <PageHeader title={t.name} description={<>{t.artifact_type}{t.pattern ? ` · ${t.pattern}` : ''} · {t.source ?? 'unknown source'}</>}
        actions={isAdmin && !editing ? <div className="flex gap-2"><Link className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50" href="?edit=1">Edit</Link><DeleteTemplateButton id={t.id} name={String(t.name)} /></div> : null} />
      {editing ? <Card title="Edit template"><TemplateForm initial={t} /></Card> : null}
      <div className="grid gap-6 xl:grid-cols-3">
        <div className="space-y-6 xl:col-span-2">
          <Card title="Content">
            <pre className="overflow-x-auto font-mono text-xs leading-relaxed" data-testid="template-content">
              {lines.map((l, i) => <div key={i} className="flex"><span className="mr-4 w-8 shrink-0 select-none text-right text-slate-500">{i + 1}</span><span>{l}</span></div>)}
            </pre>
          </Card>
          <Card title={`Feedback on its generations (${feedback.length})`}>
            {feedback.length === 0 ? <p className="text-sm text-slate-500">No generation made from this template has feedback yet.</p> : (
              <ul className="divide-y divide-slate-100">
                {feedback.map((f) => (
                  <li key={f.id} className="py-2 text-sm">
                    <Badge tone={f.rating <= 2 ? 'red' : f.rating >= 4 ? 'green' : 'slate'}>{f.rating}★</Badge>{' '}
                    <Link className="text-indigo-600 hover:underline" href={`/generations/${encodeURIComponent(f.generation_id)}`}>{f.generation_name}</Link>
                    {f.comment ? <span className="text-slate-600"> — {f.comment}</span> : null}
                    <span className="ml-2 text-xs text-slate-500">{f.email ?? ''} {formatDateTime(f.created_at)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Details">
            <dl className="space-y-2 text-sm">
              {[['Quality score', t.quality_score?.toFixed(2) ?? '—'], ['Usage', formatNumber(t.usage_count ?? 0)], ['Created', formatDateTime(t.created_at)]].map(([k, v]) => (
                <div key={k} className="flex justify-between"><dt className="text-slate-500">{k}</dt><dd>{v}</dd></div>
              ))}
              {t.source_generation_id ? <div className="flex justify-between"><dt className="text-slate-500">Promoted from</dt><dd><Link className="text-indigo-600 hover:underline" href={`/generations/${encodeURIComponent(t.source_generation_id)}`}>{t.source_generation_id}</Link></dd></div> : null}
            </dl>
          </Card>
          <Card title="Similar templates">
            {similar.length === 0 ? <p className="text-sm text-slate-500">This template has no embedding yet.</p> : (
              <NeighbourList testId="similar-templates" items={similar.map((h) => ({
                key: h.key, similarity: h.similarity, title: String(h.row.name), href: `/templates/${encodeURIComponent(h.key)}`,
              }))} />
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(TemplatePage);
