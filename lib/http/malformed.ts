// Requests Next.js itself fails on with a 500 before any route code runs, answered 400 in proxy.ts:
// a path segment with broken percent-encoding (Next's own decoding throws), and a multipart POST
// without a boundary (Next parses any multipart POST to a page as a possible server action).

export interface Malformed {
  field: string;
  message: string;
}

export function malformedRequest(method: string, pathname: string, contentType: string | null): Malformed | null {
  for (const segment of pathname.split('/')) {
    if (!segment.includes('%')) continue;
    try {
      decodeURIComponent(segment);
    } catch {
      return { field: 'path', message: `path: the segment "${segment.slice(0, 100)}" is not valid percent-encoding (a % must be followed by two hex digits of UTF-8)` };
    }
  }
  if (method === 'POST' && contentType && /^\s*multipart\/form-data\b/i.test(contentType) && !/;\s*boundary=("[^"]+"|[^;\s]+)/i.test(contentType)) {
    return { field: 'content-type', message: 'content-type: multipart/form-data needs a boundary parameter' };
  }
  return null;
}
