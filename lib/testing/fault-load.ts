// Load for fault-injection tests: writers that record every key the console acknowledged, readers,
// and each response's status with when it started and ended, to judge an outage afterwards.
export interface Outcome {
  kind: 'write' | 'read';
  status: number; // -1: the handler threw instead of answering
  startedAt: number;
  endedAt: number;
}

export interface Load {
  outcomes: Outcome[];
  acknowledged: string[];
  thrown: unknown[];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startLoad(opts: { writers: number; readers: number; write: (key: string) => Promise<Response>; read: () => Promise<Response> }): Load {
  const outcomes: Outcome[] = [];
  const acknowledged: string[] = [];
  const thrown: unknown[] = [];
  let running = true;
  const loop = async (kind: Outcome['kind'], worker: number) => {
    for (let n = 0; running; n++) {
      const key = `w${worker}-${n}`;
      const startedAt = Date.now();
      let status: number;
      try {
        const res = kind === 'write' ? await opts.write(key) : await opts.read();
        status = res.status;
        await res.text();
      } catch (err) {
        status = -1;
        thrown.push(err);
      }
      outcomes.push({ kind, status, startedAt, endedAt: Date.now() });
      if (kind === 'write' && status >= 200 && status < 300) acknowledged.push(key);
      // A client that backs off a little on failure, as one honouring Retry-After would (more briefly).
      await sleep(status >= 200 && status < 300 ? 2 : 25);
    }
  };
  const loops = [
    ...Array.from({ length: opts.writers }, (_, i) => loop('write', i)),
    ...Array.from({ length: opts.readers }, (_, i) => loop('read', i)),
  ];
  return {
    outcomes,
    acknowledged,
    thrown,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Responses by status, e.g. { 200: 812, 201: 640, 503: 230 }. */
export function byStatus(outcomes: Outcome[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const o of outcomes) out[o.status] = (out[o.status] ?? 0) + 1;
  return out;
}

export const waitUntil = async (fn: () => boolean | Promise<boolean>, everyMs = 20) => {
  while (!(await fn())) await sleep(everyMs);
};
