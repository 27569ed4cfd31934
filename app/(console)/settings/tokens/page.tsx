import Link from 'next/link';
import { Badge, Card, Table } from '@/components/ui/primitives';
import { Time } from '@/components/ui/time';
import { CreateTokenForm, RevokeTokenButton } from '@/components/settings/token-forms';
import { requirePage } from '@/lib/auth/guard';
import { listTokens } from '@/lib/tokens/tokens';
import { outagePage } from '@/lib/http/outage-page';

export const metadata = { title: 'API tokens · Settings' };
export const dynamic = 'force-dynamic';
const REVOKED_SHOWN = 20;

async function TokensPage() {
  await requirePage('admin', '/settings/tokens');
  const tokens = await listTokens();
  const active = tokens.filter((t) => !t.revokedAt);
  const now = Date.now();
  const revoked = tokens.filter((t) => t.revokedAt).sort((a, b) => b.revokedAt!.getTime() - a.revokedAt!.getTime());
  return (
    <>
      <Card title="New token">
        <p className="mb-3 text-sm text-slate-600">
          Dashboards and agents call <code>/api/v1</code> with <code>Authorization: Bearer &lt;token&gt;</code>. Every endpoint, with
          try-it-out, is in the <Link className="text-indigo-700 underline" href="/api-reference">API reference</Link>.
        </p>
        <CreateTokenForm />
      </Card>
      <Card title={`Active tokens (${active.length})`}>
        {active.length ? (
          <Table head={['Name', 'Token', 'Scope', 'Created', 'Last used', 'Expires', '']} label="Active tokens">
            {active.map((t) => (
              <tr key={t.id} data-testid={`token-row-${t.name}`}>
                <td className="px-4 py-2 font-medium">{t.name}</td>
                <td className="px-4 py-2 font-mono text-xs text-slate-600">rcl_{t.prefix}_…</td>
                <td className="px-4 py-2"><Badge tone={t.scope === 'write' ? 'violet' : 'slate'}>{t.scope}</Badge></td>
                <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-600"><Time at={t.createdAt} relative />{t.createdBy ? ` by ${t.createdBy}` : ''}</td>
                <td className="whitespace-nowrap px-4 py-2 text-slate-600"><Time at={t.lastUsedAt} relative /></td>
                <td className="whitespace-nowrap px-4 py-2 text-xs" data-testid="token-expiry">
                  {!t.expiresAt ? <span className="text-slate-600">never</span>
                    : t.expiresAt.getTime() <= now ? <><Badge tone="red">expired</Badge> <Time at={t.expiresAt} /></>
                    : <span className="text-slate-600">on <Time at={t.expiresAt} /></span>}
                </td>
                <td className="px-4 py-2"><RevokeTokenButton tokenId={t.id} name={t.name} /></td>
              </tr>
            ))}
          </Table>
        ) : <p className="text-sm text-slate-600">No active tokens: create one above for each dashboard or agent, so each can be revoked alone.</p>}
        {revoked.length ? (
          // Revoked tokens stay on record for the audit trail, out of the way of the ones in use.
          <details className="mt-4 text-sm">
            <summary className="cursor-pointer text-slate-600">Revoked tokens ({revoked.length}){revoked.length > REVOKED_SHOWN ? `, the latest ${REVOKED_SHOWN}` : ''}</summary>
            <div className="mt-3">
              <Table head={['Name', 'Token', 'Scope', 'Created', 'Last used', 'Revoked']} label="Revoked tokens">
                {revoked.slice(0, REVOKED_SHOWN).map((t) => (
                  <tr key={t.id} data-testid={`token-row-${t.name}`} className="text-slate-600">
                    <td className="px-4 py-2 font-medium">{t.name}</td>
                    <td className="px-4 py-2 font-mono text-xs">rcl_{t.prefix}_…</td>
                    <td className="px-4 py-2"><Badge tone="slate">{t.scope}</Badge></td>
                    <td className="whitespace-nowrap px-4 py-2 text-xs"><Time at={t.createdAt} relative />{t.createdBy ? ` by ${t.createdBy}` : ''}</td>
                    <td className="whitespace-nowrap px-4 py-2"><Time at={t.lastUsedAt} relative /></td>
                    <td className="whitespace-nowrap px-4 py-2 text-xs"><Badge tone="red">revoked</Badge> <Time at={t.revokedAt} relative /></td>
                  </tr>
                ))}
              </Table>
            </div>
          </details>
        ) : null}
      </Card>
    </>
  );
}

// A database outage while rendering answers 503 through /outage, not 500 (lib/http/outage-page.ts).
export default outagePage(TokensPage);
