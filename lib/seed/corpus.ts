// Text for the demo data: what agent systems typically remember, per namespace.
import type { Rng } from './random';

interface NamespaceSpec {
  namespace: string;
  count: number;
  tags: readonly string[];
  sources: readonly string[];
  key: (i: number, r: Rng) => string;
  value: (r: Rng) => string;
}

// A second sentence drawn from these keeps demo entries from repeating word for word.
const FOLLOW_UPS = [
  'Confirmed again last week.', 'Raised during the Monday sync.', 'Still true after the last release.',
  'Mentioned twice in the retro.', 'Needs a second look next quarter.', 'Owner: the platform team.',
  'Linked from the onboarding guide.', 'Came up while debugging a flaky test.', 'Worth repeating to new hires.',
  'Verified on staging first.', 'Source: a long Slack thread.', 'Flagged by the weekly audit.',
  'Applies to every region.', 'Only affects the EU cluster.', 'Documented in the runbook too.',
  'The agent inferred this from three conversations.', 'Low confidence until someone confirms it.',
  'Supersedes an older note.', 'Related to the Q3 roadmap.', 'Keep until the migration finishes.',
];

/** Wraps a namespace's sentence generator so most entries get a distinct second sentence. */
const withFollowUp = (value: (r: Rng) => string) => (r: Rng) =>
  r.chance(0.8) ? `${value(r)} ${r.pick(FOLLOW_UPS)}` : value(r);

const people = ['Ana', 'Bilal', 'Chen', 'Dara', 'Elif', 'Femi', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kenji', 'Lena'];
const services = ['billing-api', 'search-gateway', 'ingest-worker', 'auth-service', 'notification-hub', 'vector-indexer', 'report-builder', 'checkout'];
const langs = ['Python', 'TypeScript', 'Go', 'Rust', 'SQL'];
const topics = ['retrieval-augmented generation', 'HNSW recall', 'prompt caching', 'agent planning', 'tool calling', 'embedding drift', 'context windows', 'evaluation harnesses', 'guardrails', 'cost control'];

const SPECS: readonly NamespaceSpec[] = [
  {
    namespace: 'user_prefs',
    count: 700,
    tags: ['ui', 'notifications', 'language', 'privacy', 'schedule', 'important'],
    sources: ['chat', 'settings-sync', 'onboarding'],
    key: (i) => `user_${1000 + i}`,
    value: (r) => {
      const p = r.pick(people);
      return r.pick([
        `${p} prefers dark mode and a compact layout; turn off animated charts on the dashboard.`,
        `${p} wants weekly summaries on ${r.pick(['Monday', 'Friday', 'Sunday'])} mornings instead of daily digests.`,
        `${p} writes in ${r.pick(['Portuguese', 'German', 'Japanese', 'English', 'French'])}; answer in that language unless asked otherwise.`,
        `${p} asked never to include personal calendar details in shared reports.`,
        `${p} likes short answers with code first and the explanation after.`,
        `${p} works ${r.pick(['early mornings', 'late evenings', 'a four-day week'])}; schedule reminders accordingly.`,
        `${p} prefers metric units and 24-hour time in every summary.`,
        `${p} muted notifications from ${r.pick(services)} except for incidents marked critical.`,
      ]);
    },
  },
  {
    namespace: 'docs',
    count: 650,
    tags: ['api', 'howto', 'reference', 'deprecated', 'internal', 'onboarding'],
    sources: ['confluence', 'github-wiki', 'readme'],
    key: (i) => `doc_${String(i).padStart(4, '0')}`,
    value: (r) => {
      const s = r.pick(services);
      return r.pick([
        `How to rotate the ${s} API keys: create the new key, deploy it beside the old one, then revoke the old key after 24 hours.`,
        `${s} exposes a /healthz endpoint that returns 200 when its database pool has a free connection.`,
        `The ${s} rate limit is ${r.int(50, 500)} requests per minute per tenant; exceeding it returns 429 with a Retry-After header.`,
        `To run ${s} locally, copy .env.example to .env, start Postgres with pgvector, and run the migrations before the server.`,
        `${s} stores embeddings as vector(384) with an HNSW index (m = 16, ef_construction = 200) using cosine distance.`,
        `Deprecated: the v1 batch endpoint of ${s} will be removed; use the streaming v2 endpoint instead.`,
        `${s} retries failed webhook deliveries ${r.int(3, 8)} times with exponential backoff before parking them.`,
        `On-call runbook for ${s}: check the connection pool, then slow queries, then recent deploys.`,
      ]);
    },
  },
  {
    namespace: 'conversations',
    count: 600,
    tags: ['support', 'sales', 'feedback', 'escalation', 'resolved', 'follow-up'],
    sources: ['slack', 'zendesk', 'email'],
    key: (i) => `conv_${(20250 + i).toString(36)}`,
    value: (r) => {
      const p = r.pick(people);
      const s = r.pick(services);
      return r.pick([
        `${p} reported slow search results in ${s}; traced to a missing index, fixed and confirmed by the customer.`,
        `Customer call with ${p}: they need SSO before rolling the agent out to ${r.int(50, 900)} seats.`,
        `${p} asked whether memories can be exported; pointed them to the JSONL export and the retention policy.`,
        `Escalation from ${p}: duplicate notifications after the ${s} deploy; rolled back within twenty minutes.`,
        `${p} liked the new summary format but wants citations linking to the source documents.`,
        `Follow-up with ${p} about pricing for the ${r.pick(['team', 'enterprise', 'starter'])} plan next quarter.`,
        `${p} could not find last week's meeting notes; the agent searched the wrong namespace.`,
      ]);
    },
  },
  {
    namespace: 'code_snippets',
    count: 450,
    tags: ['python', 'typescript', 'sql', 'go', 'rust', 'snippet', 'pattern'],
    sources: ['repo-scan', 'pull-request', 'chat'],
    key: (i) => `snippet_${String(i).padStart(4, '0')}`,
    value: (r) => {
      const l = r.pick(langs);
      return r.pick([
        `${l}: retry a flaky HTTP call with exponential backoff and jitter, capped at five attempts.`,
        `${l}: stream rows from Postgres with a server-side cursor instead of loading the whole result.`,
        `${l}: batch inserts of embeddings with a multi-row INSERT ... ON CONFLICT (namespace, key) DO UPDATE.`,
        `${l}: cosine similarity search with ORDER BY embedding <=> $1 LIMIT $2 and SET LOCAL hnsw.ef_search.`,
        `${l}: validate request bodies against a schema and return 400 with the failing field name.`,
        `${l}: use an advisory lock so only one worker runs the nightly compaction job.`,
        `${l}: claim a task atomically with UPDATE ... WHERE status = 'pending' RETURNING id, using SKIP LOCKED.`,
      ]);
    },
  },
  {
    namespace: 'incidents',
    count: 350,
    tags: ['sev1', 'sev2', 'sev3', 'database', 'network', 'postmortem', 'resolved'],
    sources: ['pagerduty', 'statuspage', 'postmortem'],
    key: (i) => `inc_${2024}_${String(i).padStart(4, '0')}`,
    value: (r) => {
      const s = r.pick(services);
      return r.pick([
        `${s} exhausted its connection pool after a deploy doubled the worker count; raised PROJECT_POOL_MAX and added a limit.`,
        `Vector search on ${s} slowed to ${r.int(200, 2000)} ms after a bulk import; the HNSW index was rebuilt with REINDEX CONCURRENTLY.`,
        `${s} returned stale results because the embedding cache outlived a model change; cache keys now include the model name.`,
        `Autovacuum fell behind on ${s}'s memory_entries table; dead tuples reached ${r.int(20, 60)} percent before a manual VACUUM ANALYZE.`,
        `A long-running analytics query blocked writes on ${s} for ${r.int(3, 40)} minutes; added a statement timeout.`,
        `${s} lost its replica during a network partition; reads failed over to the primary without data loss.`,
      ]);
    },
  },
  {
    namespace: 'research',
    count: 250,
    tags: ['paper', 'benchmark', 'idea', 'evaluation', 'reading-list'],
    sources: ['arxiv', 'blog', 'team-notes'],
    key: (i) => `note_${i}`,
    value: (r) => {
      const t = r.pick(topics);
      return r.pick([
        `Notes on ${t}: results improve when chunks overlap by about fifteen percent.`,
        `Benchmark idea for ${t}: compare recall@10 of HNSW against exact search at ef_search 40, 100 and 200.`,
        `Reading list entry about ${t}; summarise the method section for the team meeting.`,
        `Open question on ${t}: does filtering by tags before the vector search hurt recall?`,
        `Evaluation of ${t} with ${r.int(200, 5000)} labelled queries shows a ${r.int(2, 15)} point gain over the baseline.`,
      ]);
    },
  },
];

export const NAMESPACES: readonly NamespaceSpec[] = SPECS.map((spec) => ({ ...spec, value: withFollowUp(spec.value) }));

export const ARTIFACT_TYPES = ['agent', 'skill', 'workflow', 'policy', 'tool'] as const;

export const PROVIDERS: Record<string, { models: string[]; pricePer1k: number }> = {
  anthropic: { models: ['claude-sonnet-4', 'claude-haiku-4'], pricePer1k: 0.009 },
  openai: { models: ['gpt-4.1', 'gpt-4.1-mini'], pricePer1k: 0.006 },
  ollama: { models: ['llama3.1:8b'], pricePer1k: 0 },
};

export function generationText(r: Rng, artifact: string) {
  const s = r.pick(services);
  const t = r.pick(topics);
  const name = `${s}-${artifact}-${r.int(1, 99)}`;
  const description = `${/^[aeiou]/.test(artifact) ? 'An' : 'A'} ${artifact} that helps ${s} with ${t}.`;
  const content = [
    `name: ${name}`,
    `type: ${artifact}`,
    `description: ${description}`,
    `steps:`,
    `  - gather context from the ${r.pick(NAMESPACES).namespace} namespace`,
    `  - apply ${t} with a budget of ${r.int(2, 20)}k tokens`,
    `  - report results to ${r.pick(people)} and store a summary in memory`,
  ].join('\n');
  return { name, description, content };
}

export const BEST_PRACTICE_CATEGORIES = ['prompting', 'retrieval', 'security', 'operations', 'evaluation'] as const;

export const AGENT_TYPES = ['researcher', 'coder', 'reviewer', 'planner', 'tester', 'coordinator'] as const;
export const TASK_TYPES = ['analyze-data', 'summarize-thread', 'index-documents', 'review-pr', 'plan-sprint', 'run-evals'] as const;
export const EVENT_TYPES = ['agent_started', 'task_claimed', 'task_completed', 'task_failed', 'heartbeat_missed', 'memory_stored'] as const;

export const MEDIA = {
  types: ['movie', 'series', 'documentary', 'podcast'],
  genres: ['drama', 'comedy', 'science', 'history', 'thriller', 'nature'],
  words: ['ocean', 'city', 'night', 'signal', 'garden', 'machine', 'winter', 'river', 'atlas', 'echo', 'harbor', 'frontier'],
} as const;
