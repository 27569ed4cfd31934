// `recall`: seed 000's memory CLI over the console's HTTP API.
//   RECALL_URL (default http://localhost:3000), RECALL_TOKEN, or --url / --token.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ApiClient, CliError } from './client';
import { pairs, table } from './format';
import { benchmark, exportRows, importFile } from './transfer';

const HELP = `recall — the Recall console from the command line

Usage: recall <command> [options]

  memory store     --key K --value V --namespace N [--tags a,b] [--metadata JSON] [--no-embed]
  memory retrieve  --key K --namespace N
  memory search    --query TEXT [--namespace N] [--limit 10] [--min-similarity 0] [--tags a,b] [--metadata JSON]
  memory list      --namespace N [--limit 100] [--page 1] [--tags a,b]
  memory delete    --key K --namespace N
  memory count     [--namespace N]
  import FILE      --namespace N | --collection ID  [--format jsonl|csv] [--skip-bad]
  export           --namespace N | --collection ID  [--format jsonl|csv] [--vectors] [--limit N] [--output FILE]
  status           pools, PostgreSQL and pgvector versions, tables and their vector indexes
  benchmark        --vectors N [--queries 200]   search time in the database vs through the console

Options: --url URL (RECALL_URL), --token TOKEN (RECALL_TOKEN), --json (machine-readable output), --help
--min-similarity defaults to 0, as on the Search page, so both list the same top results.`;

const options = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  key: { type: 'string' },
  value: { type: 'string' },
  namespace: { type: 'string' },
  query: { type: 'string' },
  limit: { type: 'string' },
  page: { type: 'string' },
  'min-similarity': { type: 'string' },
  tags: { type: 'string' },
  metadata: { type: 'string' },
  'no-embed': { type: 'boolean', default: false },
  collection: { type: 'string' },
  format: { type: 'string' },
  'skip-bad': { type: 'boolean', default: false },
  vectors: { type: 'string' },
  output: { type: 'string' },
  queries: { type: 'string' },
} as const;

export type Flags = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  // `export --vectors` is a switch, `benchmark --vectors N` a number: a bare --vectors means true.
  const i = argv.indexOf('--vectors');
  if (i >= 0 && (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))) argv = [...argv.slice(0, i + 1), 'true', ...argv.slice(i + 1)];
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]}\nRun "recall --help" for the commands and their options.`, 2);
  }
}

const need = (flags: Flags, name: keyof Flags & string): string => {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new CliError(`--${name} is required for this command.`, 2);
  return v;
};

/** Numbers go to the API as numbers; anything else as given, so the API's rule names the field. */
const num = (v: string | undefined) => (v === undefined ? undefined : v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);
const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));

function json(v: string | undefined, flag: string): unknown {
  if (v === undefined) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    throw new CliError(`--${flag}: not valid JSON (e.g. --${flag} '{"source":"docs"}')`, 2);
  }
}

const enc = encodeURIComponent;
const excerpt = (v: unknown, n = 200) => String(v ?? '').replace(/\s+/g, ' ').slice(0, n);

interface Memory { namespace: string; key: string; value: string; tags: string[]; metadata: Record<string, unknown>; hasEmbedding: boolean; createdAt: string | null; updatedAt: string | null; embedding?: number[] | null }

async function memory(api: ApiClient, sub: string | undefined, flags: Flags, out: (human: string, data: unknown) => void) {
  switch (sub) {
    case 'store': {
      const body = {
        namespace: need(flags, 'namespace'), key: need(flags, 'key'), value: need(flags, 'value'),
        tags: list(flags.tags), metadata: json(flags.metadata, 'metadata'), embed: !flags['no-embed'],
      };
      const r = await api.json<{ memory: Memory; created: boolean }>('POST', '/api/v1/memories', body);
      return out(`${r.created ? 'stored' : 'updated'} ${r.memory.namespace}/${r.memory.key}${r.memory.hasEmbedding ? ' (embedded)' : ''}`, r);
    }
    case 'retrieve': {
      const r = await api.json<{ memory: Memory }>('GET', `/api/v1/memories/${enc(need(flags, 'namespace'))}/${enc(need(flags, 'key'))}`);
      const m = r.memory;
      return out(pairs([
        ['namespace', m.namespace], ['key', m.key], ['value', m.value], ['tags', m.tags], ['metadata', m.metadata],
        ['embedding', m.embedding ? `${m.embedding.length} dimensions` : 'none'], ['created', m.createdAt], ['updated', m.updatedAt],
      ]), r);
    }
    case 'search': {
      const body = {
        text: need(flags, 'query'), namespace: flags.namespace, limit: num(flags.limit) ?? 10,
        min_similarity: num(flags['min-similarity']) ?? 0, tags: list(flags.tags), metadata: json(flags.metadata, 'metadata'), explain: false,
      };
      const r = await api.json<{ hits: { key: string; similarity: number; row: Record<string, unknown> }[]; warnings: string[]; timings: { dbMs: number; totalMs: number } }>('POST', '/api/v1/memories/search', body);
      // As the Search page names them: namespace/key for memories, the row's key in other collections.
      const entry = (h: (typeof r.hits)[number]) => (h.row.namespace !== undefined && h.row.key !== undefined ? `${h.row.namespace}/${h.row.key}` : h.key);
      const rows = r.hits.map((h, i) => [i + 1, h.similarity.toFixed(4), entry(h), excerpt(h.row.value ?? h.row.content)]);
      const footer = [`${r.hits.length} result${r.hits.length === 1 ? '' : 's'}; ${r.timings.dbMs.toFixed(1)} ms in the database, ${r.timings.totalMs.toFixed(1)} ms in the console`, ...r.warnings.map((w) => `warning: ${w}`)];
      return out(`${table(['#', 'similarity', 'entry', 'value'], rows)}\n${footer.join('\n')}`, r);
    }
    case 'list': {
      const p = new URLSearchParams({ namespace: need(flags, 'namespace'), page_size: flags.limit ?? '100', page: flags.page ?? '1' });
      if (flags.tags) p.set('tags', flags.tags);
      const r = await api.json<{ entries: Memory[]; total: number; page: number; pages: number }>('GET', `/api/v1/memories?${p}`);
      const rows = r.entries.map((m) => [m.key, m.tags, m.updatedAt?.slice(0, 19).replace('T', ' '), excerpt(m.value)]);
      return out(`${table(['key', 'tags', 'updated', 'value'], rows)}\n${r.entries.length} of ${r.total} (page ${r.page} of ${r.pages})`, r);
    }
    case 'delete': {
      const ns = need(flags, 'namespace');
      const key = need(flags, 'key');
      await api.json('DELETE', `/api/v1/memories/${enc(ns)}/${enc(key)}`);
      return out(`deleted ${ns}/${key}`, { deleted: true, namespace: ns, key });
    }
    case 'count': {
      const p = flags.namespace ? `?namespace=${enc(flags.namespace)}` : '';
      const r = await api.json<{ count: number }>('GET', `/api/v1/memories/count${p}`);
      return out(String(r.count), r);
    }
    default:
      throw new CliError(`memory: expected one of store, retrieve, search, list, delete, count${sub ? `, got "${sub}"` : ''}`, 2);
  }
}

interface PoolHealth { name: string; status: string; latencyMs: number | null; total: number; idle: number; waiting: number; max: number; error?: string }
interface Collection { id: string; rows: number; rowsEstimated: boolean; dimension: number; indexes: { name: string; method: string; distance: string | null; options: Record<string, string>; bytes: number }[] }

async function status(api: ApiClient, out: (human: string, data: unknown) => void) {
  const [stats, cols] = await Promise.all([
    api.json<{ pools: PoolHealth[]; database?: { kind: string; postgres: string; pgvector: string | null; databaseBytes: number } | null }>('GET', '/api/v1/stats?window=15m'),
    api.json<{ collections: Collection[] }>('GET', '/api/v1/collections'),
  ]);
  const db = stats.database;
  const lines = [
    db ? pairs([['engine', db.kind], ['PostgreSQL', db.postgres], ['pgvector', db.pgvector ?? 'not installed'], ['database size', `${(db.databaseBytes / 1048576).toFixed(1)} MB`]]) : 'database: unreachable',
    '',
    table(['pool', 'status', 'latency', 'connections', 'idle', 'waiting', 'max'],
      stats.pools.map((p) => [p.name, p.status + (p.error ? ` (${p.error})` : ''), p.latencyMs === null ? '' : `${p.latencyMs} ms`, p.total, p.idle, p.waiting, p.max])),
    '',
    table(['collection', 'rows', 'dim', 'indexes'], cols.collections.map((c) => [
      c.id, `${c.rowsEstimated ? '~' : ''}${c.rows}`, c.dimension,
      c.indexes.map((i) => `${i.name} ${i.method}/${i.distance ?? '?'} ${Object.entries(i.options).map(([k, v]) => `${k}=${v}`).join(' ')}`).join('; ') || 'none',
    ])),
  ];
  out(lines.join('\n'), { database: db ?? null, pools: stats.pools, collections: cols.collections });
}

export async function main(argv: string[]): Promise<number> {
  const { values: flags, positionals } = parse(argv);
  const [command, sub, ...rest] = positionals;
  if (flags.help || !command) {
    process.stdout.write(`${HELP}\n`);
    return command || flags.help ? 0 : 2;
  }
  const api = new ApiClient({ url: flags.url ?? process.env.RECALL_URL ?? 'http://localhost:3000', token: flags.token ?? process.env.RECALL_TOKEN });
  const out = (human: string, data: unknown) => process.stdout.write(`${flags.json ? JSON.stringify(data, null, 2) : human}\n`);
  switch (command) {
    case 'memory':
      if (rest.length) throw new CliError(`unexpected argument "${rest[0]}"`, 2);
      await memory(api, sub, flags, out);
      return 0;
    case 'import': {
      if (!sub) throw new CliError('import: give the file to import: recall import FILE --namespace N', 2);
      const file = path.resolve(sub);
      if (!fs.existsSync(file)) throw new CliError(`import: no file ${file}`, 2);
      const job = await importFile(api, file, flags);
      out(`imported ${job.processedRows} of ${job.totalRows} rows into ${job.target}` +
        (job.rejectedCount ? `; ${job.rejectedCount} rejected` : '') + (job.message ? ` — ${job.message}` : ''), job);
      return job.status === 'done' ? 0 : 1;
    }
    case 'export': {
      const r = await exportRows(api, flags);
      if (flags.output) out(`exported ${r.rows} rows to ${flags.output}`, r);
      return 0;
    }
    case 'status':
      await status(api, out);
      return 0;
    case 'benchmark': {
      const r = await benchmark(api, flags);
      out(r.report, r.figures);
      return 0;
    }
    default:
      throw new CliError(`unknown command "${command}". Run "recall --help".`, 2);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    if (err instanceof CliError) {
      process.stderr.write(`recall: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`recall: unexpected error: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 1;
    }
  },
);
