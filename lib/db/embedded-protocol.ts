// What the embedded engine's socket server cannot do for outside clients, refused in the engine's own
// words. PGlite runs each wire message on its own, so `COPY … FROM STDIN` (psql's `\copy … from`)
// reads an empty stdin, loses protocol sync and leaves the engine stuck; `COPY … TO STDOUT` works.
// The refused statement is swapped for one that raises the error inside the engine, so the client
// sees an ordinary ErrorResponse and the engine's transaction state stays what a real server's would.

const COPY_FROM_STDIN = /\bcopy\b[\s\S]*?\bfrom\s+stdin\b/i;

export const COPY_FROM_STDIN_REFUSAL =
  "COPY FROM STDIN (psql's \\copy … from) is not supported by Recall's embedded database";
export const COPY_FROM_STDIN_HINT =
  'Load memories with `npm run import -- FILE --namespace NS` (or --collection schema.table.column) or the ' +
  "console's Import page; COPY … TO STDOUT (\\copy … to) and plain queries work.";

const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;
const REFUSAL_SQL =
  `DO $recall$ BEGIN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', ` +
  `MESSAGE = ${quoted(COPY_FROM_STDIN_REFUSAL)}, HINT = ${quoted(COPY_FROM_STDIN_HINT)}; END $recall$`;

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

function cstring(bytes: Uint8Array, at: number): { text: string; end: number } {
  const end = bytes.indexOf(0, at);
  if (end < 0) return { text: '', end: bytes.length };
  return { text: utf8.decode(bytes.subarray(at, end)), end: end + 1 };
}

function frame(type: string, body: Uint8Array[]): Uint8Array {
  const length = 4 + body.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(1 + length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, length);
  let at = 5;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

const zeroTerminated = (s: string) => encoder.encode(`${s}\0`);

/**
 * The message to hand the engine: the client's own, or, for a simple Query or an extended-protocol
 * Parse of `COPY … FROM STDIN`, one that fails with a message naming what to use instead.
 */
export function refuseUnsupported(message: Uint8Array): Uint8Array {
  const type = String.fromCharCode(message[0] ?? 0);
  if (type === 'Q') {
    const { text } = cstring(message, 5);
    return COPY_FROM_STDIN.test(text) ? frame('Q', [zeroTerminated(REFUSAL_SQL)]) : message;
  }
  if (type === 'P') {
    const name = cstring(message, 5);
    const query = cstring(message, name.end);
    if (!COPY_FROM_STDIN.test(query.text)) return message;
    // Same statement name, no parameter types: a DO block takes none.
    return frame('P', [zeroTerminated(name.text), zeroTerminated(REFUSAL_SQL), new Uint8Array(2)]);
  }
  return message;
}
