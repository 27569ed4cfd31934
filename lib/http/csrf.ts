// Cross-site request forgery: a state-changing request that the browser authenticates with the session
// cookie must come from the console's own pages. Browsers send `Origin` on every cross-origin request
// that is not a GET/HEAD (and `Sec-Fetch-Site` on all requests), and a hostile page can neither remove
// nor forge them, so checking them refuses forged requests whatever their Content-Type (text/plain
// forms, multipart, no-cors fetch). Bearer-token requests carry no ambient credential and are exempt.
import { AppError } from '@/lib/errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class CsrfError extends AppError {
  constructor(message: string) {
    super(message, 403, 'csrf_refused');
  }
}

/** RECALL_PUBLIC_URL (or Auth.js's AUTH_URL) as an origin, e.g. https://recall.internal; null when unset. */
export function configuredOrigin(env: Record<string, string | undefined> = process.env): string | null {
  const raw = env.RECALL_PUBLIC_URL || env.AUTH_URL;
  if (!raw) return null;
  try {
    return new URL(raw).origin;
  } catch {
    throw new Error(`RECALL_PUBLIC_URL / AUTH_URL: not a URL (${raw})`);
  }
}

/** The host (with port) the request was sent to: the proxy's forwarded host, the Host header, or the URL's. */
function requestHost(req: Request): string {
  const forwarded = req.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  return (forwarded || req.headers.get('host') || new URL(req.url).host).toLowerCase();
}

/** Why the request is refused as cross-site, or null when it may proceed. */
export function crossSiteProblem(req: Request, env: Record<string, string | undefined> = process.env): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  if (req.headers.has('authorization')) return null; // token auth (or a refused bad header): no cookie involved
  const origin = req.headers.get('origin');
  const fetchSite = req.headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin') {
    return `This request came from another site (Sec-Fetch-Site: ${fetchSite}); the console accepts changes only from its own pages or with an API token.`;
  }
  if (origin === null) {
    if (fetchSite) return null; // same-origin by the browser's own account
    // No Origin and no Sec-Fetch-Site: not a browser (which always sends one of them on a cross-origin
    // POST), e.g. a script with a copied cookie. Check Referer when there is one.
    const referer = req.headers.get('referer');
    if (!referer) return null;
    return originProblem(safeOrigin(referer), req, env, 'Referer');
  }
  return originProblem(origin, req, env, 'Origin');
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'null';
  }
}

function originProblem(origin: string, req: Request, env: Record<string, string | undefined>, header: string): string | null {
  const refuse = `This request came from ${origin === 'null' ? 'an opaque origin' : origin} (${header}), not from the console`;
  if (origin === 'null') return `${refuse}; the console accepts changes only from its own pages or with an API token.`;
  const expected = configuredOrigin(env);
  if (expected) {
    return origin.toLowerCase() === expected.toLowerCase() ? null : `${refuse} (${expected}, RECALL_PUBLIC_URL).`;
  }
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return `${refuse}.`;
  }
  // Host includes the port: another port on the same machine is another origin.
  const own = requestHost(req);
  return host === own ? null : `${refuse} (${own}); set RECALL_PUBLIC_URL when the console is reached under another name.`;
}

/** Throws a 403 csrf_refused for a cross-site state-changing request. */
export function assertSameOrigin(req: Request): void {
  const problem = crossSiteProblem(req);
  if (problem) throw new CsrfError(problem);
}
