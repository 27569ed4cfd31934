// The embedded engine: PGlite (PostgreSQL in WASM) with pgvector, served over the Postgres wire
// protocol so the console's one `pg` Pool talks to it exactly as it would to a real server.
import { PGlite } from '@electric-sql/pglite';
import { pg_stat_statements } from '@electric-sql/pglite/contrib/pg_stat_statements';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { refuseUnsupported } from './embedded-protocol';

export interface EmbeddedEngine {
  url: string;
  port: number;
  /** Protocol messages executed so far: the supervisor tells a busy engine from a stuck one by it. */
  executed(): number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory for the data files; omit for an in-memory database (tests). */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Must be at least the pool's max connections. */
  maxConnections?: number;
}

export async function startEmbeddedEngine(opts: EmbeddedOptions = {}): Promise<EmbeddedEngine> {
  const host = opts.host ?? '127.0.0.1';
  const db = await PGlite.create({
    dataDir: opts.dataDir,
    extensions: { vector, pg_stat_statements },
  });
  // Counted where the socket server hands each message to the engine (inside its exclusive lock),
  // so messages waiting behind a session that holds the engine are not progress. Outside clients'
  // statements the engine cannot serve over the socket are refused here (embedded-protocol.ts).
  let executed = 0;
  const execute = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = ((message: Uint8Array, options: Parameters<typeof execute>[1]) => {
    executed++;
    return execute(refuseUnsupported(message), options);
  }) as typeof db.execProtocolRawStream;
  const server = new PGLiteSocketServer({
    db,
    host,
    port: opts.port ?? 0,
    maxConnections: opts.maxConnections ?? 64,
  });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`embedded engine reported no port (${conn})`);
  return {
    url: `postgres://postgres@${host}:${port}/postgres`,
    port,
    executed: () => executed,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
