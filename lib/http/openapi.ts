// The OpenAPI document of /api/v1, built from the same zod schemas that validate the requests.
import { z } from 'zod';
import { memoryInput } from '@/lib/memories/memories';
import { searchInput } from '@/lib/search/search';
import { createCollectionInput, dropCollectionInput } from '@/lib/collections/collections';
import { tuneInput } from '@/lib/search/tuning';
import { createTokenInput } from '@/lib/tokens/tokens';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });

export function openApiDocument(dimension: number) {
  const error = {
    type: 'object',
    properties: {
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: ['validation_failed', 'invalid_json', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'dimension_mismatch', 'embedding_failed', 'database_unavailable', 'statement_timeout', 'internal'] },
          message: { type: 'string', example: `embedding: expected ${dimension} dimensions, got 512` },
          field: { type: 'string' },
        },
        required: ['code', 'message'],
      },
    },
  };
  const errors = Object.fromEntries(
    [['400', 'Invalid input: the message names the field and the rule'], ['401', 'No valid session or token'], ['403', 'Role or token scope too low'], ['404', 'Not found']].map(
      ([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }],
    ),
  );
  const json = (ref: string) => ({ required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } });
  const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
  const q = (name: string, description: string, required = false) => ({ name, in: 'query', required, description, schema: { type: 'string' } });
  const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
  const read = [{ bearer: ['read'] }, { session: [] }];
  const write = [{ bearer: ['write'] }, { session: [] }];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Recall API',
      version: '1',
      description: "Seed 000's vector memory API over HTTP. Authenticate with `Authorization: Bearer rcl_…` (tokens are created in Settings) or a console session. Errors are JSON with a stable `code`.",
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token; scope read or write' },
        session: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token' },
      },
      schemas: {
        Error: error,
        MemoryInput: schema(memoryInput(dimension)),
        BatchInput: { type: 'object', properties: { entries: { type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/MemoryInput' } }, embed: { type: 'boolean' } }, required: ['entries'] },
        SearchInput: schema(searchInput),
        CreateCollection: schema(createCollectionInput),
        DropCollection: schema(dropCollectionInput.omit({ collection: true })),
        CreateToken: schema(createTokenInput),
        TuneInput: schema(tuneInput),
      },
    },
    paths: {
      '/api/health': { get: { summary: 'Pool status and latency (no auth); 503 when the project database is down', responses: { 200: ok('Healthy'), 503: ok('Unhealthy') } } },
      '/api/v1/memories': {
        post: { summary: 'Store a memory (upsert on namespace + key)', security: write, requestBody: json('MemoryInput'), responses: { 201: ok('Created'), 200: ok('Updated'), ...errors } },
        get: {
          summary: 'List a namespace', security: read,
          parameters: [q('namespace', 'Namespace', true), q('tags', 'Comma-separated; all must match'), q('meta_key', 'Metadata key'), q('meta_value', 'Metadata value'), q('text', 'Text in key or value'), q('sort', 'newest | oldest | updated | key'), q('page', '1-based'), q('page_size', '1–1000')],
          responses: { 200: ok('A page of entries'), ...errors },
        },
      },
      '/api/v1/memories/count': { get: { summary: 'Count memories', security: read, parameters: [q('namespace', 'Omit to count all')], responses: { 200: ok('{count}'), ...errors } } },
      '/api/v1/memories/batch': { post: { summary: 'Store up to 1000 memories atomically', security: write, requestBody: json('BatchInput'), responses: { 200: ok('{stored, inserted, updated}'), ...errors } } },
      '/api/v1/memories/search': { post: { summary: 'Similarity search with diagnostics', security: read, requestBody: json('SearchInput'), responses: { 200: ok('Hits, timings, plan, exact recall, warnings'), ...errors } } },
      '/api/v1/memories/{namespace}/{key}': {
        get: { summary: 'Retrieve a memory with its vector', security: read, parameters: [path('namespace'), path('key')], responses: { 200: ok('The memory'), ...errors } },
        delete: { summary: 'Delete a memory', security: write, parameters: [path('namespace'), path('key')], responses: { 204: { description: 'Deleted' }, ...errors } },
      },
      '/api/v1/memories/{namespace}/{key}/embed': { post: { summary: 'Compute a missing embedding', security: write, parameters: [path('namespace'), path('key')], responses: { 200: ok('{dimension}'), ...errors } } },
      '/api/v1/namespaces': { get: { summary: 'Namespaces with counts', security: read, responses: { 200: ok('{namespaces}'), ...errors } } },
      '/api/v1/namespaces/{namespace}': {
        get: { summary: 'A page of a namespace', security: read, parameters: [path('namespace'), q('page', '1-based')], responses: { 200: ok('A page'), ...errors } },
        delete: { summary: 'Delete a namespace', security: write, parameters: [path('namespace'), q('confirm_count', 'Must equal the current count', true)], responses: { 200: ok('{deleted}'), 409: ok('Count changed'), ...errors } },
      },
      '/api/v1/collections': {
        get: { summary: 'Every vector column in the database', security: read, responses: { 200: ok('{collections}'), ...errors } },
        post: { summary: 'Create a collection table with an HNSW index', security: write, requestBody: json('CreateCollection'), responses: { 201: ok('{collection}'), ...errors } },
      },
      '/api/v1/collections/{id}': {
        get: { summary: 'A collection and a page of its rows', security: read, parameters: [path('id'), q('page', '1-based'), q('filter', 'Only rows an embedding-health figure counts: missing | zero | unnormalised | other_model | unrecorded | stale | expired'), q('stale_days', 'With filter=stale (default 90)')], responses: { 200: ok('Collection'), ...errors } },
        delete: { summary: 'Drop a collection created in this console (admins, signed in) { confirm: "drop <schema>.<table> with <N> rows" }', security: [{ session: [] }], parameters: [path('id')], requestBody: json('DropCollection'), responses: { 200: ok('{dropped, rows}'), ...errors } },
      },
      '/api/v1/collections/{id}/index': { post: { summary: 'Build or rebuild the HNSW index for a distance', security: write, parameters: [path('id')], responses: { 200: ok('{index, seconds}'), ...errors } } },
      '/api/v1/collections/{id}/tune': {
        post: { summary: 'Tune ef_search (admins, signed in): measure recall@k and latency for ef_search 10…400 and save the smallest reaching the target as the default { target? (0.5–1, default 0.95), k?, queries? }', security: [{ session: [] }], parameters: [path('id')], requestBody: json('TuneInput'), responses: { 202: ok('{id}'), 409: ok('A tune of this collection is already running'), ...errors } },
        get: { summary: "The collection's saved ef_search default and its latest tune run (status, progress, the recall/latency curve)", security: read, parameters: [path('id')], responses: { 200: ok('{setting, job}'), ...errors } },
      },
      '/api/v1/collections/{id}/duplicates': {
        get: {
          summary: "Near-duplicate clusters (each row's nearest neighbours through the HNSW index, cosine) and exact duplicates (same value); merging is an admin action in the console",
          security: read,
          parameters: [path('id'), q('namespace', 'Only this namespace (memory entries)'), q('threshold', 'Cosine similarity 0.5–1 (default 0.97)'), q('k', 'Neighbours per row, 1–50 (default 5)'),
            q('limit', 'Rows scanned in this call, 1–100000 (default 5000)'), q('after', 'Continue a scan after this key (the previous answer\'s next)')],
          responses: { 200: ok('{near: [{keys, members, pairs, maxSimilarity, minSimilarity}], exact: [{hash, count, keys, members}], scanned, next}'), ...errors },
        },
      },
      '/api/v1/collections/{id}/embedding-health': {
        get: {
          summary: 'Embedding health: rows without a vector, zero and unnormalised vectors, another model or dimension than the provider configured (from metadata.embedding_model / embedding_dimension), model not recorded, stale and expired rows; past 100,000 rows a TABLESAMPLE, scaled and marked sampled. Each figure id filters GET /api/v1/collections/{id}?filter=',
          security: read,
          parameters: [path('id'), q('stale_days', 'Rows not updated for more than this many days are stale, 1–36500 (default 90)')],
          responses: { 200: ok('{rows, sampled, sampledRows, provider: {model, dimension}, figures: [{id, label, count, share, note}], job}'), ...errors },
        },
      },
      '/api/v1/collections/{id}/embedding-health/embed-missing': {
        post: { summary: 'Embed all missing (admins, signed in): a job that embeds the rows without a vector in batches through the configured provider; answers the job already running for the collection if there is one', security: [{ session: [] }], parameters: [path('id')], responses: { 202: ok('{id, status, totalRows, totalEstimated, processedRows, …}'), ...errors } },
      },
      '/api/v1/embed-jobs/{id}': {
        get: { summary: 'An embed-all-missing job (progress from any instance)', security: read, parameters: [path('id')], responses: { 200: ok('{id, status, totalRows, totalEstimated, processedRows, skippedRows, message}'), ...errors } },
        delete: { summary: 'Cancel it (admins, signed in): the worker stops before its next batch', security: [{ session: [] }], parameters: [path('id')], responses: { 200: ok('The job'), ...errors } },
      },
      '/api/v1/collections/{id}/map': {
        get: {
          summary: 'The memory map: up to 20,000 vectors in 2-D (a seeded sample beyond that, said so), PCA at once and UMAP when its background run is done (status and progress inside); cached per data version',
          security: read,
          parameters: [path('id'), q('namespace', 'Only this namespace (memory entries)'), q('color', 'namespace | tag | meta:<key>'), q('method', 'umap (default) | pca'), q('seed', 'Whole number (default 42): the same rows and seed give the same map')],
          responses: { 200: ok('{method, umap: {status, progress}, total, sampled, version, groups, points: [{key, x, y, group, label, excerpt, href}]}'), ...errors },
        },
      },
      '/api/v1/export': { get: { summary: 'Stream a namespace or a collection', security: read, parameters: [q('namespace', 'Either this'), q('collection', 'or this'), q('format', 'jsonl | csv'), q('vectors', 'true to include vectors'), q('limit', 'The first N rows only (1–1000000000)')], responses: { 200: { description: 'JSONL or CSV stream' }, ...errors } } },
      '/api/v1/search': { get: { summary: 'A search result as a file (the search page query string)', security: read, parameters: [q('q', 'Text'), q('namespace', ''), q('limit', ''), q('min', 'Minimum similarity'), q('format', 'jsonl | csv'), q('vectors', 'true to include vectors')], responses: { 200: { description: 'JSONL or CSV' }, ...errors } } },
      '/api/v1/imports': {
        post: {
          summary: 'Start an import into a namespace or a collection; follow it at /api/v1/imports/{id}',
          security: write,
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: ['file'],
                  properties: {
                    file: { type: 'string', format: 'binary', description: 'JSONL or CSV' },
                    namespace: { type: 'string', description: 'Import memory entries into this namespace (give this or collection)' },
                    collection: { type: 'string', description: 'schema.table.column: each field of a row is a column of that table; upserted on its first unique key the file gives' },
                    skip_bad: { type: 'boolean', description: 'Import the good rows when some are rejected (default: nothing is written)' },
                    format: { type: 'string', enum: ['jsonl', 'csv'], description: 'When the file name does not say' },
                  },
                },
              },
            },
          },
          responses: { 202: ok('{id, status}'), ...errors },
        },
      },
      '/api/v1/imports/{id}': { get: { summary: 'Import progress and rejected rows', security: read, parameters: [path('id')], responses: { 200: ok('Job'), ...errors } } },
      '/api/v1/imports/{id}/cancel': { post: { summary: 'Cancel after the current batch', security: write, parameters: [path('id')], responses: { 200: ok('Job'), ...errors } } },
      '/api/v1/stats': { get: { summary: 'Pool health, the engine (PostgreSQL and pgvector versions) and the Health page time series', security: read, parameters: [q('window', '15m | 1h | 24h | 7d')], responses: { 200: ok('{pools, instances (pool figures of every live instance sharing REDIS_URL, and their sum), database, waitAlert, series}'), ...errors } } },
      '/api/v1/metrics': { get: { summary: 'Prometheus text format: pool gauges, latency histograms per operation, row counts', security: read, responses: { 200: { description: 'text/plain; version=0.0.4' }, ...errors } } },
      '/api/v1/sessions/{pid}': { post: { summary: 'Cancel the query of, or terminate, a backend { action: cancel | terminate }', security: [{ session: [] }], parameters: [path('pid')], responses: { 200: ok('{ok}'), ...errors } } },
      '/api/v1/maintenance': {
        get: { summary: 'Progress of running VACUUM / CREATE INDEX (pg_stat_progress_*)', security: read, responses: { 200: ok('{progress}'), ...errors } },
        post: { summary: 'VACUUM ANALYZE a table or REINDEX an index { kind, table | index }', security: [{ session: [] }], responses: { 200: ok('{target, seconds, concurrently}'), ...errors } },
      },
      '/api/v1/costs': { get: { summary: 'Cost totals (today, month, range, per good generation) and the daily series', security: read, parameters: [q('from', 'YYYY-MM-DD', true), q('to', 'YYYY-MM-DD', true)], responses: { 200: ok('{totals, daily}'), ...errors } } },
      '/api/v1/ratings': { get: { summary: 'Rating distribution, average over time, averages by template, model and provider', security: read, parameters: [q('bucket', 'day | week')], responses: { 200: ok('{distribution, overTime, by}'), ...errors } } },
      '/api/v1/users': {
        get: { summary: 'Console users (admins, signed in)', security: [{ session: [] }], responses: { 200: ok('{users}'), ...errors } },
        post: { summary: 'Create a user { email, name?, role, password }', security: [{ session: [] }], responses: { 201: ok('{user}'), 409: ok('E-mail taken'), ...errors } },
      },
      '/api/v1/users/{id}': {
        patch: { summary: 'Change { role?, disabled?, password? } together or not at all', security: [{ session: [] }], parameters: [path('id')], responses: { 200: ok('{ok}'), ...errors } },
      },
      '/api/v1/tokens': {
        get: { summary: 'API tokens (admins, signed in)', security: [{ session: [] }], responses: { 200: ok('{tokens}'), ...errors } },
        post: { summary: 'Create a token; the secret is returned once', security: [{ session: [] }], requestBody: json('CreateToken'), responses: { 201: ok('{token}'), ...errors } },
      },
      '/api/v1/tokens/{id}': { delete: { summary: 'Revoke a token', security: [{ session: [] }], parameters: [path('id')], responses: { 204: { description: 'Revoked' }, ...errors } } },
    },
  };
}
