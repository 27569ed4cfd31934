import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { ValidationError } from '@/lib/errors';
import { auditFilterFrom, listAudit } from './audit';

let engine: EmbeddedEngine;

// 30 entries over three UTC days, alternating actors and actions.
beforeAll(async () => {
  engine = await startTestDatabase();
  await projectPool().query(`
    INSERT INTO recall.audit_log (at, actor_email, action, target)
    SELECT TIMESTAMPTZ '2026-03-01 00:00:00Z' + (i * INTERVAL '2 hours 30 minutes'),
           CASE WHEN i % 2 = 0 THEN 'ada@example.com' ELSE 'bob@example.com' END,
           CASE WHEN i % 3 = 0 THEN 'user.role' ELSE 'memory.delete' END,
           't' || i
    FROM generate_series(0, 29) AS i`);
});
afterAll(async () => stopTestDatabase(engine));

async function allPages(filter: Record<string, string>, limit: number) {
  const targets: string[] = [];
  let before: string | undefined;
  for (;;) {
    const { rows, next } = await listAudit({ ...filter, ...(before ? { before } : {}) }, limit);
    targets.push(...rows.map((r) => r.target!));
    if (!next) return targets;
    before = next;
  }
}
const expected = (keep: (i: number) => boolean) => Array.from({ length: 30 }, (_, i) => 29 - i).filter(keep).map((i) => `t${i}`);

describe('listAudit', () => {
  it('keyset pages cover every entry once, newest first', async () => {
    expect(await allPages({}, 7)).toEqual(expected(() => true));
    expect((await listAudit({}, 30)).next).toBeNull();
  });

  it('filters by user, action and whole UTC days (the "to" day included), together', async () => {
    expect(await allPages({ user: 'ADA@example.com' }, 4)).toEqual(expected((i) => i % 2 === 0));
    expect(await allPages({ action: 'user.role' }, 4)).toEqual(expected((i) => i % 3 === 0));
    // 2026-03-02 is hours 24..47.5: entries 10..19 (i * 2.5 h).
    expect(await allPages({ from: '2026-03-02', to: '2026-03-02' }, 3)).toEqual(expected((i) => i >= 10 && i <= 19));
    expect(await allPages({ from: '2026-03-03' }, 50)).toEqual(expected((i) => i >= 20));
    expect(await allPages({ user: 'bob@example.com', action: 'user.role', to: '2026-03-01' }, 1)).toEqual(['t9', 't3']);
    expect(await allPages({ user: 'nobody@example.com' }, 5)).toEqual([]);
  });

  it('pages through entries of the same instant by id, none lost or repeated', async () => {
    await projectPool().query(`INSERT INTO recall.audit_log (at, action, target)
      SELECT TIMESTAMPTZ '2027-01-01 12:00:00.123456Z', 'tie', 'tie' || i FROM generate_series(1, 5) AS i`);
    expect(await allPages({ from: '2027-01-01' }, 2)).toEqual(['tie5', 'tie4', 'tie3', 'tie2', 'tie1']);
  });

  it('refuses a bad filter with the field and the rule, and ignores the empty fields of a form', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ from: '2026-13-01' }, 'from: must be a date like 2026-01-31'],
      [{ to: 'yesterday' }, 'to: must be a date like 2026-01-31'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'to: must not be before from'],
      [{ before: '-1' }, 'before: must be an audit entry id'],
      [{ action: 'a'.repeat(101) }, 'action: at most 100 characters'],
    ];
    for (const [filter, message] of cases) {
      const err = await listAudit(filter).catch((e) => e);
      expect(err, message).toBeInstanceOf(ValidationError);
      expect(err.message).toBe(message);
    }
    expect(auditFilterFrom({ user: '', action: 'user.role', from: ' ', to: ['a', 'b'] })).toEqual({ action: 'user.role' });
  });
});
