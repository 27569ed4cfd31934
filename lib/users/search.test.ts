import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { prisma } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { ValidationError } from '@/lib/errors';
import { searchUsers } from './users';

let engine: EmbeddedEngine;
// Inserted unsorted, some sharing a name, so order and search are the query's doing.
const PEOPLE = [
  ['zoe@example.com', 'Zoe Quinn'], ['ada@example.com', 'Ada Lovelace'], ['mia@corp.test', 'Mia Lovelace'],
  ['bob@example.com', ''], ['eve@corp.test', 'Eve'], ['kim@example.com', 'Kim'], ['lee@corp.test', 'Lee Ada'],
] as const;

beforeAll(async () => {
  engine = await startTestDatabase();
  // Hashing is beside the point here: rows go straight in.
  await prisma().user.createMany({ data: PEOPLE.map(([email, name]) => ({ email, name, role: 'viewer', passwordHash: 'x' })) });
});
afterAll(async () => stopTestDatabase(engine));

async function everyPage(q: string | undefined, limit: number) {
  const seen: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    const { users, next } = await searchUsers({ q, after }, limit);
    expect(users.length).toBeLessThanOrEqual(limit);
    seen.push(...users.map((u) => u.email));
    if (!next) return { seen, pages: pages + 1 };
    after = next;
  }
  throw new Error('paging did not end');
}

describe('searchUsers', () => {
  it('pages through everyone in e-mail order, each once, ending with no next cursor', async () => {
    const all = PEOPLE.map(([e]) => e).sort();
    const { seen, pages } = await everyPage(undefined, 3);
    expect(seen).toEqual(all);
    expect(pages).toBe(3);
    // A page that ends exactly at the last user says there is no next page.
    expect((await searchUsers({}, 7)).next).toBeNull();
    expect((await searchUsers({}, 6)).next).toBe(all[5]);
  });

  it('pages back from any page to the first, in the same pages, with no previous cursor on the first', async () => {
    const all = PEOPLE.map(([e]) => e).sort();
    const forward: string[][] = [];
    let after: string | undefined;
    for (;;) {
      const page = await searchUsers({ after }, 3);
      forward.push(page.users.map((u) => u.email));
      if (!page.next) break;
      after = page.next;
    }
    expect(forward.flat()).toEqual(all);
    const last = await searchUsers({ after: forward[1].at(-1) }, 3);
    expect(last.previous).toBe(forward[2][0]);
    const middle = await searchUsers({ before: last.previous! }, 3);
    expect(middle.users.map((u) => u.email)).toEqual(forward[1]);
    expect(middle.next).toBe(forward[1].at(-1));
    const first = await searchUsers({ before: middle.previous! }, 3);
    expect(first.users.map((u) => u.email)).toEqual(forward[0]);
    expect(first.previous).toBeNull();
    expect((await searchUsers({}, 3)).previous).toBeNull();
    expect((await searchUsers({ q: 'corp.test', before: 'mia@corp.test' }, 1)).users.map((u) => u.email)).toEqual(['lee@corp.test']);
  });

  it('finds by part of the e-mail or the name, in any case, and pages the matches', async () => {
    expect((await everyPage('LOVELACE', 1)).seen).toEqual(['ada@example.com', 'mia@corp.test']);
    expect((await everyPage('ada', 1)).seen).toEqual(['ada@example.com', 'lee@corp.test']);
    expect((await everyPage('corp.test', 2)).seen).toEqual(['eve@corp.test', 'lee@corp.test', 'mia@corp.test']);
    expect((await searchUsers({ q: 'nobody-like-this' })).users).toEqual([]);
  });

  it('refuses a bad query naming the field', async () => {
    const err = await searchUsers({ q: 'x'.repeat(321) }).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toBe('q: at most 320 characters');
    await expect(searchUsers({ after: 42 })).rejects.toThrow('after: must be text');
    await expect(searchUsers({ after: 'a@x.test', before: 'b@x.test' })).rejects.toThrow('before: give after or before, not both');
  });
});
