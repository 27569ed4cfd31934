// `npm run bench:overhead [-- --n 5000 --rounds 10 --per-round 200]`
// Search throughput of the console's search function with query instrumentation on and off, in
// one run, alternating rounds so drift hits both alike. Target: overhead ≤ 3 %.
import { recorder, setMetricsEnabled } from '@/lib/metrics/recorder';
import { searchCollection } from '@/lib/search/search';
import { benchDatabase, loadBenchTable, vectors } from './bench-data';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 5_000);
const ROUNDS = arg('rounds', 10);
const PER_ROUND = arg('per-round', 1000);
const TABLE = 'recall_bench_overhead';
const COLLECTION = `public.${TABLE}.embedding`;

async function main() {
  const { pool, close } = await benchDatabase(console.log);
  await loadBenchTable(pool, TABLE, N);
  const queries = vectors(PER_ROUND, 2);
  const search = (v: number[]) => searchCollection({ collection: COLLECTION, vector: v, limit: 10, min_similarity: 0, explain: false });

  for (const v of queries.slice(0, 50)) await search(v); // warm up
  const ms = { on: 0, off: 0 };
  let sinceFlush = 0;
  for (let round = 0; round < ROUNDS * 2; round++) {
    // ABBA order (on, off, off, on, …) so whatever favours the first or second of a pair cancels out.
    const first = Math.floor(round / 2) % 2 === 0 ? 'on' : 'off';
    const mode = round % 2 === 0 ? first : first === 'on' ? 'off' : 'on';
    setMetricsEnabled(mode === 'on');
    const t0 = performance.now();
    for (const v of queries) await search(v);
    // The background loop flushes every 10 s of running; its cost belongs to the instrumented side.
    if (mode === 'on') {
      sinceFlush += performance.now() - t0;
      if (sinceFlush >= 10_000) {
        await recorder.flush(pool);
        sinceFlush = 0;
      }
    }
    ms[mode] += performance.now() - t0;
  }
  if (sinceFlush > 0) {
    const t0 = performance.now();
    await recorder.flush(pool);
    ms.on += performance.now() - t0;
  }
  setMetricsEnabled(true);
  const total = ROUNDS * PER_ROUND;
  const on = total / (ms.on / 1000);
  const off = total / (ms.off / 1000);
  const overhead = 1 - on / off;
  console.log(`\n${N} vectors × 384, ${ROUNDS} rounds × ${PER_ROUND} searches per mode, interleaved`);
  console.log(`instrumentation off: ${off.toFixed(1)} searches/s`);
  console.log(`instrumentation on:  ${on.toFixed(1)} searches/s`);
  console.log(`on/off ${(on / off).toFixed(4)}  overhead ${(overhead * 100).toFixed(2)} %  target ≤ 3 %  ${overhead <= 0.03 ? 'ok' : 'MISSED'}`);
  await pool.query(`DROP TABLE ${TABLE}`);
  await close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
