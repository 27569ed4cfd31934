import { Badge, Card, PageHeader, Pagination, Table } from '@/components/ui/primitives';
import { formatDateTime, timeAgo } from '@/components/ui/format';
import { CreateUserForm, DisableForm, ResetPasswordForm, RoleForm, SignOutEverywhereForm } from '@/components/settings/user-forms';
import { requirePage } from '@/lib/auth/guard';
import { listAudit } from '@/lib/audit';
import { listUsers } from '@/lib/users/users';
import { embeddingProvider, providerFor } from '@/lib/embeddings/provider';
import { CreateTokenForm, RevokeTokenButton } from '@/components/settings/token-forms';
import { listTokens } from '@/lib/tokens/tokens';
import { projectPool } from '@/lib/db/pools';
import { listCollections } from '@/lib/collections/catalog';
import { pageField } from '@/lib/vector/validation';

export const metadata = { title: 'Settings' };
const REVOKED_SHOWN = 20;
export const dynamic = 'force-dynamic';

export default async function SettingsPage({ searchParams }: { searchParams: Promise<{ auditPage?: string }> }) {
  const me = await requirePage('admin', '/settings');
  const parsedPage = pageField.safeParse((await searchParams).auditPage ?? undefined);
  const [users, audit, tokens, collections] = await Promise.all([
    listUsers(), listAudit(parsedPage.success ? parsedPage.data : 1), listTokens(), listCollections(projectPool(), { counts: false }),
  ]);
  const provider = embeddingProvider();
  const active = tokens.filter((t) => !t.revokedAt);
  const now = Date.now();
  const revoked = tokens.filter((t) => t.revokedAt).sort((a, b) => b.revokedAt!.getTime() - a.revokedAt!.getTime());
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Users and roles, the audit log, and how vectors are computed." />

      <Card title="Users">
        <Table head={['User', 'Role', 'Status', 'Last sign-in', 'Actions']}>
          {users.map((u) => (
            <tr key={u.id} className="align-top" data-testid={`user-row-${u.email}`}>
              <td className="px-4 py-2.5">
                <div className="font-medium">{u.email}{u.id === me.id ? <span className="ml-2 text-xs text-slate-400">(you)</span> : null}</div>
                {u.name ? <div className="text-xs text-slate-500">{u.name}</div> : null}
              </td>
              <td className="px-4 py-2.5"><RoleForm userId={u.id} role={u.role} /></td>
              <td className="px-4 py-2.5">
                {u.disabledAt ? <Badge tone="red">disabled</Badge> : <Badge tone="green">active</Badge>}
              </td>
              <td className="px-4 py-2.5 text-slate-600">{timeAgo(u.lastLoginAt)}</td>
              <td className="space-y-2 px-4 py-2.5">
                <ResetPasswordForm userId={u.id} />
                <SignOutEverywhereForm userId={u.id} />
                {u.id === me.id ? null : <DisableForm userId={u.id} disabled={Boolean(u.disabledAt)} />}
              </td>
            </tr>
          ))}
        </Table>
        <div className="mt-6 border-t border-slate-100 pt-5">
          <h3 className="mb-3 text-sm font-semibold text-slate-700">Add a user</h3>
          <CreateUserForm />
        </div>
      </Card>

      <Card title="API tokens">
        {active.length ? (
          <Table head={['Name', 'Token', 'Scope', 'Created', 'Last used', 'Expires', '']}>
            {active.map((t) => (
              <tr key={t.id} data-testid={`token-row-${t.name}`}>
                <td className="px-4 py-2.5 font-medium">{t.name}</td>
                <td className="px-4 py-2.5 font-mono text-xs text-slate-500">rcl_{t.prefix}_…</td>
                <td className="px-4 py-2.5"><Badge tone={t.scope === 'write' ? 'violet' : 'slate'}>{t.scope}</Badge></td>
                <td className="px-4 py-2.5 text-xs text-slate-500">{formatDateTime(t.createdAt)}{t.createdBy ? ` by ${t.createdBy}` : ''}</td>
                <td className="px-4 py-2.5 text-slate-600">{timeAgo(t.lastUsedAt)}</td>
                <td className="px-4 py-2.5 text-xs" data-testid="token-expiry">
                  {!t.expiresAt ? <span className="text-slate-400">never</span>
                    : t.expiresAt.getTime() <= now ? <><Badge tone="red">expired</Badge> {formatDateTime(t.expiresAt)}</>
                    : <span className="text-slate-600">on {formatDateTime(t.expiresAt)}</span>}
                </td>
                <td className="px-4 py-2.5"><RevokeTokenButton tokenId={t.id} /></td>
              </tr>
            ))}
          </Table>
        ) : (
          <p className="text-sm text-slate-500">No active tokens. Dashboards and agents call <code>/api/v1</code> with <code>Authorization: Bearer &lt;token&gt;</code>; the API is described at <a className="text-indigo-600 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
        )}
        {revoked.length ? (
          // Revoked tokens stay on record for the audit trail, out of the way of the ones in use.
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer text-slate-600">Revoked tokens ({revoked.length}){revoked.length > REVOKED_SHOWN ? `, the latest ${REVOKED_SHOWN}` : ''}</summary>
            <div className="mt-3">
              <Table head={['Name', 'Token', 'Scope', 'Created', 'Last used', 'Revoked']}>
                {revoked.slice(0, REVOKED_SHOWN).map((t) => (
                  <tr key={t.id} data-testid={`token-row-${t.name}`} className="text-slate-500">
                    <td className="px-4 py-2 font-medium">{t.name}</td>
                    <td className="px-4 py-2 font-mono text-xs">rcl_{t.prefix}_…</td>
                    <td className="px-4 py-2"><Badge tone="slate">{t.scope}</Badge></td>
                    <td className="px-4 py-2 text-xs">{formatDateTime(t.createdAt)}{t.createdBy ? ` by ${t.createdBy}` : ''}</td>
                    <td className="px-4 py-2">{timeAgo(t.lastUsedAt)}</td>
                    <td className="px-4 py-2 text-xs"><Badge tone="red">revoked</Badge> {formatDateTime(t.revokedAt)}</td>
                  </tr>
                ))}
              </Table>
            </div>
          </details>
        ) : null}
        <div className="mt-5 border-t border-slate-100 pt-5"><CreateTokenForm /></div>
      </Card>

      <Card title="Embedding provider">
        <p className="mb-3 text-sm text-slate-600"><code>{provider.id}</code> — {provider.description}</p>
        <Table head={['Collection', 'Dimension', 'Text queries']}>
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
                <td className="px-4 py-2 tabular-nums">{c.dimension}</td>
                <td className="px-4 py-2">{verdict}</td>
              </tr>
            );
          })}
        </Table>
      </Card>

      <Card title="Audit log">
        {audit.total === 0 ? (
          <p className="text-sm text-slate-500">Nothing recorded yet. Every change made in the console appears here.</p>
        ) : (
          <>
            <Table head={['When', 'Who', 'Action', 'Target', 'Details']}>
              {audit.rows.map((a) => (
                <tr key={a.id} data-testid="audit-row">
                  <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">{formatDateTime(a.at)}</td>
                  <td className="px-4 py-2 text-sm">
                    {a.actorEmail ?? <span className="text-slate-400">system</span>}
                    {a.token ? <div className="text-xs text-slate-500">via token {a.token.name} (rcl_{a.token.prefix}_…)</div> : null}
                  </td>
                  <td className="px-4 py-2"><Badge tone="violet">{a.action}</Badge></td>
                  <td className="px-4 py-2 text-sm">{a.target}</td>
                  <td className="px-4 py-2"><code className="text-xs text-slate-500">{JSON.stringify(a.details)}</code></td>
                </tr>
              ))}
            </Table>
            <Pagination page={parsedPage.success ? parsedPage.data : 1} pages={audit.pages} href={(p) => `/settings?auditPage=${p}`} />
          </>
        )}
      </Card>
    </div>
  );
}
