// `npm run import` end to end: the CLI against a running embedded engine, as an operator uses it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { countMemories } from '@/lib/memories/memories';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: engine.url };
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], { env: env as NodeJS.ProcessEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

const file = (name: string, text: string) => {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'recall-cli-')), name);
  fs.writeFileSync(p, text);
  return p;
};

describe('npm run import', () => {
  it('imports a CSV file and reports the count check', async () => {
    const csv = file('notes.csv', 'key,value,tags\na,first note,x|y\nb,second note,\n');
    const r = await cli([csv, '--namespace', 'cli']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('[recall] Imported 2 row(s); count check passed.');
    expect(r.err).toMatch(/2\/2 rows/);
    expect(await countMemories('cli')).toBe(2);
  });

  it('lists rejected rows with line numbers and writes nothing without --skip-bad', async () => {
    const jsonl = file('bad.jsonl', '{"key":"c","value":"ok"}\n{"key":"d","value":""}\n');
    const r = await cli([jsonl, '--namespace', 'cli']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 2: value: must not be empty');
    expect(r.out).toContain('1 row(s) rejected; nothing was imported.');
    expect(await countMemories('cli')).toBe(2);
    const skipped = await cli([jsonl, '--namespace', 'cli', '--skip-bad']);
    expect(skipped.code).toBe(0);
    expect(await countMemories('cli')).toBe(3);
  });

  it('imports into a collection with --collection, upserting on its primary key', async () => {
    await projectPool().query('CREATE TABLE cli_docs (id TEXT PRIMARY KEY, body TEXT NOT NULL, embedding vector(2))');
    const jsonl = file('docs.jsonl', '{"id":"a","body":"first","embedding":[1,0]}\n{"id":"b","body":"second"}\n');
    const r = await cli([jsonl, '--collection', 'public.cli_docs.embedding']);
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe('[recall] Imported 2 row(s), upserted on (id); count check passed.');
    const again = await cli([jsonl, '--collection', 'public.cli_docs.embedding']);
    expect(again.code).toBe(0);
    const { rows } = await projectPool().query('SELECT id, body, embedding::text AS embedding FROM cli_docs ORDER BY id');
    expect(rows).toEqual([{ id: 'a', body: 'first', embedding: '[1,0]' }, { id: 'b', body: 'second', embedding: null }]);
  });

  it('explains its usage when neither or both targets are given', async () => {
    for (const args of [[], ['--namespace', 'a', '--collection', 'public.cli_docs.embedding']]) {
      const r = await cli([file('x.jsonl', ''), ...args]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^usage: npm run import -- <file.jsonl\|file.csv> \(--namespace <namespace> \| --collection <schema.table.column>\)/);
    }
  });
});
