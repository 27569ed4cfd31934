// `npm run bench:state`: what one rate-limit check costs on each state backend (memory, and Redis at
// REDIS_URL or 127.0.0.1:6379), interleaved rounds, p50/p95 in microseconds. Keys are deleted after.
import { randomBytes } from 'node:crypto';
import { InMemoryStateBackend, RedisStateBackend, type StateBackend } from '@/lib/state/backend';

const ROUNDS = 5;
const PER_ROUND = 2000;
const prefix = `recall-bench:${randomBytes(4).toString('hex')}:`;
const backends: [string, StateBackend][] = [
  ['memory', new InMemoryStateBackend()],
  ['redis', new RedisStateBackend(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix)],
];
const samples = new Map<string, number[]>(backends.map(([n]) => [n, []]));

for (let round = 0; round < ROUNDS; round++) {
  for (const [name, b] of backends) {
    for (let i = 0; i < PER_ROUND; i++) {
      const t = performance.now();
      await b.slidingWindow(`k${i % 50}`, { limit: 30, windowMs: 60_000, record: i % 2 ? 'always' : 'never' });
      samples.get(name)!.push((performance.now() - t) * 1000);
    }
  }
}
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];
for (const [name, xs] of samples) console.log(`${name.padEnd(7)} p50 ${pct(xs, 0.5).toFixed(1)} µs  p95 ${pct(xs, 0.95).toFixed(1)} µs  (${xs.length} checks)`);
const redis = backends[1][1] as RedisStateBackend;
const keys = await redis.client.keys(`${prefix}*`);
if (keys.length) await redis.client.del(...keys);
await Promise.all(backends.map(([, b]) => b.close()));
