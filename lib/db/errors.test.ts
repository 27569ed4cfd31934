// Every way a database can be unreachable during a request is one answer: 503 database_unavailable
// with Retry-After. The errors are real ones: pg and Prisma (through @prisma/adapter-pg) against a
// closed port, a server that answers the start-up packet as PostgreSQL does while starting up
// (57P03), and a native PostgreSQL session terminated by the administrator (57P01).
import net from 'node:net';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { NATIVE_PG_URL, probeNativeServer, skipNotice } from '@/lib/testing/database';
import { isConnectionError, requestDbError } from './errors';

vi.mock('@/lib/auth', () => ({ auth: async () => null })); // route.ts imports the session lookup
const { errorResponse } = await import('@/lib/http/route');
const { failure } = await import('@/lib/auth/action');

/** A TCP server that answers any start-up packet with a FATAL ErrorResponse, like a starting PostgreSQL. */
function startingUpServer(): Promise<{ port: number; close: () => void }> {
  const field = (t: string, v: string) => Buffer.concat([Buffer.from(t), Buffer.from(v), Buffer.from([0])]);
  const body = Buffer.concat([field('S', 'FATAL'), field('V', 'FATAL'), field('C', '57P03'), field('M', 'the database system is starting up'), Buffer.from([0])]);
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4);
  const message = Buffer.concat([Buffer.from('E'), len, body]);
  const server = net.createServer((sock) => {
    sock.once('data', () => sock.end(message));
    sock.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as net.AddressInfo).port, close: () => server.close() })));
}

/** A port nothing listens on. */
async function closedPort() {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

const noNative = skipNotice('a session terminated on PostgreSQL 15', (await probeNativeServer()).missing);

const prismaOn = (url: string) => new PrismaClient({ adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 2000 }) });

let starting: Awaited<ReturnType<typeof startingUpServer>>;
let refusedUrl: string;
beforeAll(async () => {
  starting = await startingUpServer();
  refusedUrl = `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`;
});
afterAll(() => starting.close());

async function expect503(err: unknown) {
  expect(isConnectionError(err)).toBe(true);
  expect(requestDbError(err)).toMatchObject({ status: 503, code: 'database_unavailable' });
  expect(failure(err)).toEqual({
    ok: false, field: undefined,
    message: 'The database is not answering. The Health page shows each pool’s status; try again when it is back.',
  });
  const res = errorResponse(err);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect((await res.json()).error.code).toBe('database_unavailable');
}

describe('connection-class errors during a request', () => {
  it('pg: connection refused', async () => {
    const c = new pg.Client({ connectionString: refusedUrl });
    await expect503(await c.connect().catch((e) => e));
  });

  it('pg: the database system is starting up (57P03)', async () => {
    const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${starting.port}/postgres` });
    const err = await c.connect().catch((e) => e);
    expect(err.code).toBe('57P03');
    await expect503(err);
  });

  it('Prisma: can’t reach the server (P1001)', async () => {
    const prisma = prismaOn(refusedUrl);
    const err = await prisma.user.findFirst().catch((e) => e);
    await prisma.$disconnect();
    expect(err.code).toBe('P1001');
    await expect503(err);
  });

  it('Prisma: 57P03 wrapped as P2039', async () => {
    const prisma = prismaOn(`postgres://postgres@127.0.0.1:${starting.port}/postgres`);
    const err = await prisma.user.findFirst().catch((e) => e);
    await prisma.$disconnect();
    expect(err.code).toBe('P2039');
    await expect503(err);
  });

  it.skipIf(noNative)('pg: a session the administrator terminated (57P01), and the client afterwards', async () => {
    const victim = new pg.Client({ connectionString: NATIVE_PG_URL });
    const events: Error[] = [];
    victim.on('error', (e) => events.push(e));
    await victim.connect();
    const pid = (await victim.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const running = victim.query('SELECT pg_sleep(10)').catch((e) => e);
    const admin = new pg.Client({ connectionString: NATIVE_PG_URL });
    await admin.connect();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await admin.end();
    const err = await running;
    expect(err.code).toBe('57P01');
    await expect503(err);
    const after = await victim.query('SELECT 1').catch((e) => e);
    expect(after.message).toMatch(/not queryable|Connection terminated/);
    await expect503(after);
    await victim.end().catch(() => {});
  });

  it('pg: Connection terminated unexpectedly', async () => {
    await expect503(new Error('Connection terminated unexpectedly'));
  });

  it('leaves other errors alone', async () => {
    expect(isConnectionError(new Error('syntax error at or near "SELEC"'))).toBe(false);
    expect(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(requestDbError(Object.assign(new Error('x'), { code: 'P2002' }))).toBeNull();
    expect(errorResponse(new Error('bug')).status).toBe(500);
  });
});
