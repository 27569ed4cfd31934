// Response headers for every page and API answer. The pages' Content-Security-Policy carries a fresh
// nonce per request (proxy.ts): Next.js reads it from the request's CSP header and puts it on its own
// scripts, so no inline script without it runs. Styles allow 'unsafe-inline' because React and
// recharts write style attributes, which nonces cannot cover; scripts, frames, objects and form
// targets stay locked to the console.

/** The page policy for one nonce. Development needs 'unsafe-eval' (React rebuilds error stacks with eval). */
export function pageCsp(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** API answers are data, never documents: nothing may load from them or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Sent on every response (next.config.ts headers()). */
export const COMMON_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

export const API_HEADERS: { key: string; value: string }[] = [
  { key: 'Cache-Control', value: 'no-store' },
  { key: 'Content-Security-Policy', value: API_CSP },
];

/** A nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
