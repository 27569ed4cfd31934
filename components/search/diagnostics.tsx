// Why the results rank as they do: time in the database and end to end, the plan, and recall@k.
import { Badge, Card } from '@/components/ui/primitives';
import { ScrollArea } from '@/components/ui/scroll-area';
import { formatNumber } from '@/components/ui/format';
import { SEARCH_DEFAULTS } from '@/lib/search/defaults';
import type { SearchResult } from '@/lib/search/search';

export function Diagnostics({ result, totalMs }: { result: SearchResult; totalMs: number }) {
  const plan = result.plan;
  const idx = result.collection.indexes.find((i) => i.name === plan?.usedIndex);
  const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
  return (
    <div className="min-w-0 space-y-4" data-testid="diagnostics">
      <Card title="Timings">
        <dl className="space-y-1.5 text-sm">
          <div className="flex justify-between"><dt className="text-slate-500">Query round trip (database)</dt><dd className="whitespace-nowrap tabular-nums" data-testid="db-ms">{ms(result.timings.dbMs)}</dd></div>
          {plan ? <div className="flex justify-between"><dt className="text-slate-500">Execution inside PostgreSQL</dt><dd className="whitespace-nowrap tabular-nums">{ms(plan.executionMs)}</dd></div> : null}
          {plan ? <div className="flex justify-between"><dt className="text-slate-500">Planning</dt><dd className="whitespace-nowrap tabular-nums">{ms(plan.planningMs)}</dd></div> : null}
          <div className="flex justify-between"><dt className="text-slate-500">Embedding the query</dt><dd className="whitespace-nowrap tabular-nums">{ms(result.timings.embedMs)}</dd></div>
          <div className="flex justify-between border-t border-slate-100 pt-1.5 font-medium"><dt>End to end (server{result.plan || result.exact ? ', with the diagnostics' : ''})</dt><dd className="whitespace-nowrap tabular-nums" data-testid="total-ms">{ms(totalMs)}</dd></div>
        </dl>
      </Card>
      {plan ? (
        <Card title="Plan">
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
            {plan.usedIndex ? (
              <Badge tone="green">index: {plan.usedIndex}{idx ? ` (${idx.method} m=${idx.options.m ?? '?'}, ef_construction=${idx.options.ef_construction ?? '?'})` : ''}</Badge>
            ) : (
              <Badge tone="amber">no vector index: {plan.scan}</Badge>
            )}
            <span className="text-slate-500" data-testid="rows-scanned">{formatNumber(plan.rowsScanned)} rows looked at{plan.rowsRemovedByFilter ? `, ${formatNumber(plan.rowsRemovedByFilter)} removed by filters` : ''}</span>
          </div>
          <ScrollArea label="Query plan" hint="Scroll sideways for the whole plan line" className="rounded-lg bg-slate-900">
            <pre className="w-max min-w-full p-3 text-xs leading-relaxed text-slate-100" data-testid="plan-text">{plan.text}</pre>
          </ScrollArea>
          <p className="mt-2 text-xs text-slate-500">ef_search {result.options.efSearch ?? `default (${SEARCH_DEFAULTS.efSearch})`}{result.options.iterative ? ', iterative scan on' : ''}. Collection: ≈ {formatNumber(result.collection.rows)} rows of {result.collection.dimension} dimensions.</p>
        </Card>
      ) : null}
      <Card title="Accuracy">
        <p className="mb-2 text-xs text-slate-600" data-testid="ef-search-reason" data-source={result.options.efSearchSource.kind}>{result.options.efSearchReason}.</p>
        {result.exact ? (
          <div className="space-y-2 text-sm" data-testid="recall">
            <div className="flex items-baseline justify-between">
              <span className="text-slate-500">recall@{result.options.limit} against exact search</span>
              <span className="text-2xl font-semibold tabular-nums" data-testid="recall-value">{result.exact.recall.toFixed(2)}</span>
            </div>
            <div className="h-2 rounded-full bg-slate-100"><div className={`h-2 rounded-full ${result.exact.recall >= 0.95 ? 'bg-emerald-500' : 'bg-amber-500'}`} style={{ width: `${result.exact.recall * 100}%` }} /></div>
            <p className="text-xs text-slate-500">
              The exact search (every row compared, no index) took {result.exact.dbMs.toFixed(1)} ms and found {result.exact.hits} rows.
              {result.exact.missing.length ? ` The index missed: ${result.exact.missing.slice(0, 10).join(', ')}${result.exact.missing.length > 10 ? ', …' : ''}.` : ' The index found all of them.'}
            </p>
          </div>
        ) : (
          <p className="text-sm text-slate-500">Tick “Compare with exact search” to measure what the index costs in accuracy (recall@k).</p>
        )}
      </Card>
    </div>
  );
}
