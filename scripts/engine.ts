// Child process that owns the embedded engine, so its WASM work never blocks the web server.
// Reports its port to the parent over IPC and closes the database cleanly when told to stop.
import { startEmbeddedEngine } from '@/lib/db/embedded';

const dataDir = process.env.RECALL_PGDATA;
const port = Number(process.env.RECALL_DB_PORT ?? 0);
const maxConnections = Number(process.env.RECALL_DB_MAX_CONNECTIONS ?? 64);

async function main() {
  const engine = await startEmbeddedEngine({ dataDir, port, maxConnections });
  process.send?.({ type: 'ready', port: engine.port });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await engine.stop().catch(() => {});
    process.exit(0);
  };
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') void stop();
    // The supervisor's liveness ping: answered whenever this process's event loop is free, with how
    // many protocol messages the engine has executed (a long transaction makes progress; a stuck one not).
    else if (m?.type === 'ping') process.send?.({ type: 'pong', executed: engine.executed() });
  });
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.on('disconnect', () => void stop());
}

main().catch((err) => {
  process.send?.({ type: 'error', message: (err as Error).message });
  console.error(`[recall] embedded database failed to start: ${(err as Error).message}`);
  process.exit(1);
});
