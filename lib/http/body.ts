// Request bodies read with a limit: a declared Content-Length over it is refused before reading, and
// a body without one (chunked) is cut off as soon as it passes the limit, so a huge upload never sits
// in memory whole.
import { AppError, ValidationError } from '@/lib/errors';

const MiB = 1024 * 1024;

function limitFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** JSON bodies: a batch of 1000 entries with 384-d vectors is ~8 MB. RECALL_MAX_JSON_BYTES overrides. */
export const JSON_BODY_MAX_BYTES = limitFromEnv('RECALL_MAX_JSON_BYTES', 16 * MiB);

export class PayloadTooLargeError extends AppError {
  constructor(field: string, max: number) {
    super(`${field}: at most ${formatBytes(max)}`, 413, 'payload_too_large', field);
  }
}

export function formatBytes(n: number): string {
  return n >= MiB ? `${Math.round((n / MiB) * 10) / 10} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} bytes`;
}

/** Refuses a request whose Content-Length says it is over the limit (before any byte is read). */
export function assertDeclaredLength(req: Request, max: number, field = 'body') {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) throw new PayloadTooLargeError(field, max);
}

/** The body's bytes, at most `max` of them; stops reading and throws 413 beyond. */
export async function readBodyBytes(req: Request, max: number, field = 'body'): Promise<Uint8Array> {
  assertDeclaredLength(req, max, field);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(field, max);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export async function readBodyText(req: Request, max: number, field = 'body'): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, max, field));
}

/**
 * A multipart body parsed as FormData, reading at most `max` bytes: a declared Content-Length over it
 * is refused at once, an undeclared one is cut off as it passes the limit (413 either way).
 */
export async function readFormData(req: Request, max: number, field = 'file'): Promise<FormData> {
  assertDeclaredLength(req, max, field);
  let total = 0;
  let exceeded = false;
  const capped = req.body?.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > max) {
          exceeded = true;
          controller.error(new PayloadTooLargeError(field, max));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  try {
    return await new Response(capped ?? null, { headers: { 'content-type': req.headers.get('content-type') ?? '' } }).formData();
  } catch {
    if (exceeded) throw new PayloadTooLargeError(field, max);
    throw new ValidationError('body', 'must be multipart/form-data with a file');
  }
}
