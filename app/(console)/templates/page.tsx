import Link from 'next/link';
import { Badge, EmptyState, PageHeader, Table } from '@/components/ui/primitives';
import { formatNumber } from '@/components/ui/format';
import { Time } from '@/components/ui/time';
import { inputClass, subtleButtonClass } from '@/components/ui/form';
import { requirePage } from '@/lib/auth/guard';
import { can } from '@/lib/auth/roles';
import { buttonClass } from '@/components/ui/form';
import { AppError } from '@/lib/errors';
import { listTemplates } from '@/lib/templates/templates';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Templates' };
export const dynamic = 'force-dynamic';

async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const user = await requirePage('read', '/templates');
  const sp = await searchParams;
  let data;
  let error: string | null = null;
  try {
    data = await listTemplates({ artifactType: sp.type, source: sp.source, text: sp.text, sort: (sp.sort as 'quality') || undefined });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
    data = await listTemplates({});
  }
  return (
    <div className="space-y-4">
      <PageHeader title="Templates" description="Reusable artifacts, with the feedback the generations made from them received."
        actions={can(user.role, 'admin') ? <Link className={buttonClass} href="/templates/new">New template</Link> : null} />
      <form className="flex flex-wrap items-end gap-2 rounded-xl border border-slate-200 bg-white p-3 shadow-sm">
        <label className="text-xs text-slate-500">Text in name or content<input name="text" defaultValue={sp.text} className={`mt-1 block w-56 ${inputClass}`} /></label>
        <label className="text-xs text-slate-500">Artifact type
          <select name="type" defaultValue={sp.type ?? ''} className={`mt-1 block ${inputClass}`}><option value="">any</option>{data.facets.types.map((t: string) => <option key={t}>{t}</option>)}</select>
        </label>
        <label className="text-xs text-slate-500">Source
          <select name="source" defaultValue={sp.source ?? ''} className={`mt-1 block ${inputClass}`}><option value="">any</option>{data.facets.sources.map((t: string) => <option key={t}>{t}</option>)}</select>
        </label>
        <label className="text-xs text-slate-500">Sort
          <select name="sort" defaultValue={sp.sort ?? 'quality'} className={`mt-1 block ${inputClass}`}>
            <option value="quality">Quality score</option><option value="usage">Usage count</option><option value="newest">Newest</option>
          </select>
        </label>
        <button className={subtleButtonClass}>Filter</button>
      </form>
      {error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200">{error}</p> : null}
      {data.rows.length === 0 ? <EmptyState title="No templates match">Promote a good generation to create one (Feedback → a generation → Promote to template).</EmptyState> : (
        <Table head={['Template', 'Type', 'Quality', 'Usage', 'Feedback', 'Source', 'Created']} numeric={[2, 3]}>
          {data.rows.map((t) => (
            <tr key={t.id} className="hover:bg-slate-50" data-testid="template-row">
              <td className="px-4 py-2"><Link className="text-indigo-700 hover:underline" href={`/templates/${encodeURIComponent(t.id)}`}>{t.name}</Link>{t.pattern ? <div className="text-xs text-slate-500">{t.pattern}</div> : null}</td>
              <td className="px-4 py-2"><Badge>{t.artifact_type}</Badge></td>
              <td className="num px-4 py-2 text-xs">{t.quality_score?.toFixed(2) ?? '—'}</td>
              <td className="num px-4 py-2 text-xs">{formatNumber(t.usage_count ?? 0)}</td>
              <td className="px-4 py-2 text-xs">{t.avg_rating === null ? '—' : `${t.avg_rating.toFixed(1)}★`} <span className="text-slate-500">({t.feedback_count})</span></td>
              <td className="px-4 py-2 text-xs">{t.source ?? '—'}</td>
              <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500"><Time at={t.created_at} relative /></td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(TemplatesPage);
