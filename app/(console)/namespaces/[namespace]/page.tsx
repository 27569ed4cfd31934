import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Badge, PageHeader, Pagination, Table } from '@/components/ui/primitives';
import { formatDateTime, formatNumber } from '@/components/ui/format';
import { requirePage } from '@/lib/auth/guard';
import { listEntries } from '@/lib/namespaces';
import { NotFoundError, ValidationError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ namespace: string }> }) {
  return { title: decodeURIComponent((await params).namespace) };
}

export default async function NamespacePage({
  params,
  searchParams,
}: {
  params: Promise<{ namespace: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const namespace = decodeURIComponent((await params).namespace);
  const { page } = await searchParams;
  await requirePage('read', `/namespaces/${encodeURIComponent(namespace)}`);
  let data;
  try {
    data = await listEntries(namespace, page);
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof ValidationError) notFound();
    throw err;
  }
  const base = `/namespaces/${encodeURIComponent(namespace)}`;
  return (
    <div>
      <div className="mb-2 text-sm text-slate-500">
        <Link className="hover:underline" href="/namespaces">Namespaces</Link> / {namespace}
      </div>
      <PageHeader title={namespace} description={`${formatNumber(data.total)} entries, newest first.`} />
      <Table head={['Key', 'Value', 'Tags', 'Metadata', 'Updated']}>
        {data.entries.map((e) => (
          <tr key={e.id} className="align-top" data-testid="entry-row">
            <td className="whitespace-nowrap px-4 py-2.5 font-mono text-xs">
              {e.key}
              {!e.hasEmbedding ? <div className="mt-1"><Badge tone="amber">no embedding</Badge></div> : null}
            </td>
            <td className="max-w-md px-4 py-2.5 text-slate-700">
              <p className="line-clamp-2">{e.value}</p>
            </td>
            <td className="px-4 py-2.5">
              <div className="flex flex-wrap gap-1">{e.tags.map((t) => <Badge key={t} tone="blue">{t}</Badge>)}</div>
            </td>
            <td className="px-4 py-2.5">
              <dl className="grid grid-cols-[auto_1fr] gap-x-2 text-xs">
                {Object.entries(e.metadata).slice(0, 4).map(([k, v]) => (
                  <div key={k} className="contents">
                    <dt className="text-slate-400">{k}</dt>
                    <dd className="max-w-40 truncate font-mono text-slate-600">{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                  </div>
                ))}
              </dl>
            </td>
            <td className="whitespace-nowrap px-4 py-2.5 text-xs text-slate-500">
              {formatDateTime(e.updatedAt)}
              {e.createdAt && e.updatedAt && e.createdAt.getTime() !== e.updatedAt.getTime() ? (
                <div className="text-slate-400">created {formatDateTime(e.createdAt)}</div>
              ) : null}
            </td>
          </tr>
        ))}
      </Table>
      <Pagination page={data.page} pages={data.pages} href={(p) => `${base}?page=${p}`} />
    </div>
  );
}
