// The CLI's only way in: the console's HTTP API with a Bearer token. Errors carry the API's own
// message (which names the field and the rule), so the CLI never invents its own wording for them.

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1, readonly status?: number) {
    super(message);
  }
}

export interface ClientOptions {
  url: string;
  token: string | undefined;
}

export class ApiClient {
  readonly base: string;
  constructor(private readonly opts: ClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(opts.url);
    } catch {
      throw new CliError(`--url / RECALL_URL: expected an http(s) URL, got "${opts.url}"`, 2);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new CliError(`--url / RECALL_URL: expected an http(s) URL, got "${opts.url}"`, 2);
    }
    this.base = parsed.toString().replace(/\/+$/, '');
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    if (!this.opts.token) throw new CliError('No API token: set RECALL_TOKEN or pass --token (admins create tokens in Settings → API tokens).', 2);
    return { authorization: `Bearer ${this.opts.token}`, accept: 'application/json', ...extra };
  }

  /** A raw response (streams, downloads); non-2xx answers become a CliError with the API's message. */
  async fetch(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers = this.headers(init.headers);
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { ...init, headers });
    } catch (err) {
      const c = (err as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }).cause;
      const cause = c?.code ?? c?.errors?.[0]?.code ?? c?.message;
      throw new CliError(`Cannot reach the console at ${this.base}${cause ? ` (${cause})` : ''}. Is it running? Set RECALL_URL or --url.`);
    }
    if (!res.ok) throw await apiError(res);
    return res;
  }

  async json<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(path, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (res.status === 204) return {} as T;
    return (await res.json()) as T;
  }
}

async function apiError(res: Response): Promise<CliError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } };
    if (body.error?.message) return new CliError(`${body.error.message} (HTTP ${res.status})`, 1, res.status);
  } catch {
    // not JSON: fall through to the status line
  }
  return new CliError(`The console answered HTTP ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 200)}` : ''}`, 1, res.status);
}
