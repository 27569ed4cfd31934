import Link from 'next/link';
import { Badge, Card, EmptyState, Table } from '@/components/ui/primitives';
import { Time } from '@/components/ui/time';
import { Field, inputClass, secondaryButtonClass } from '@/components/ui/form';
import { requirePage } from '@/lib/auth/guard';
import { orProblem } from '@/lib/http/params';
import { AUDIT_ACTIONS, auditFilterFrom, listAudit } from '@/lib/audit';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'Audit log · Settings' };
export const dynamic = 'force-dynamic';

type Params = Record<string, string | string[] | undefined>;

async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requirePage('admin', '/settings/audit');
  const filter = auditFilterFrom(await searchParams);
  const found = await orProblem(listAudit(filter));
  const { before, ...filters } = filter;
  const filtered = Object.keys(filters).length > 0;
  const href = (extra: Record<string, string>) => `/settings/audit?${new URLSearchParams({ ...filters, ...extra })}`;
  return (
    <Card title="Audit log">
      <form method="get" action="/settings/audit" className="mb-4 flex flex-wrap items-end gap-3" data-testid="audit-filter">
        <Field label="User (e-mail)">
          <input name="user" type="search" defaultValue={filter.user ?? ''} placeholder="ada@example.com" className={`w-56 ${inputClass}`} />
        </Field>
        <Field label="Action">
          <input name="action" list="audit-actions" defaultValue={filter.action ?? ''} placeholder="user.role" className={`w-44 ${inputClass}`} />
        </Field>
        <datalist id="audit-actions">{AUDIT_ACTIONS.map((a) => <option key={a} value={a} />)}</datalist>
        <Field label="From (UTC day)">
          <input name="from" type="date" defaultValue={filter.from ?? ''} className={inputClass} />
        </Field>
        <Field label="To (UTC day, included)">
          <input name="to" type="date" defaultValue={filter.to ?? ''} className={inputClass} />
        </Field>
        <button className={secondaryButtonClass}>Filter</button>
        {filtered ? <Link href="/settings/audit" className="min-h-6 py-1.5 text-sm text-indigo-700 underline">Clear filters</Link> : null}
      </form>
      {found.problem !== null ? (
        <p role="alert" className="text-sm text-rose-700" data-testid="filter-problem">{found.problem}</p>
      ) : found.value.rows.length === 0 ? (
        <EmptyState title={filtered ? 'Nothing matches these filters' : 'Nothing recorded yet'}>
          {filtered ? 'Widen the dates or clear a filter.' : 'Every change made in the console or through the API appears here.'}
        </EmptyState>
      ) : (
        <>
          <Table head={['When', 'Who', 'Action', 'Target', 'Details']} label="Audit entries">
            {found.value.rows.map((a) => (
              <tr key={a.id} data-testid="audit-row">
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600"><Time at={a.at} relative /></td>
                <td className="px-4 py-2 text-sm">
                  {a.actorEmail ?? <span className="text-slate-600">system</span>}
                  {a.token ? <div className="text-xs text-slate-600">via token {a.token.name} (rcl_{a.token.prefix}_…)</div> : null}
                </td>
                <td className="px-4 py-2"><Badge tone="violet">{a.action}</Badge></td>
                <td className="px-4 py-2 text-sm">{a.target}</td>
                <td className="px-4 py-2"><code className="break-all text-xs text-slate-600">{JSON.stringify(a.details)}</code></td>
              </tr>
            ))}
          </Table>
          <nav aria-label="Pages of the audit log" className="mt-4 flex justify-end gap-2 text-sm">
            {before ? <Link className={secondaryButtonClass} href={href({})}>← Newest</Link> : null}
            {found.value.next ? <Link className={secondaryButtonClass} href={href({ before: found.value.next })} data-testid="next-page">Older →</Link> : null}
          </nav>
        </>
      )}
    </Card>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(AuditPage);
