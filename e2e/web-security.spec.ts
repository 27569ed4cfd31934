// Security headers, the CSP that pages and charts must work under, and the refusals a hostile page
// or a malformed request meets, against the real built console in Chromium.
import { expect, test, type Page } from '@playwright/test';
import { E2E_ADMIN } from '@/playwright.config';
import { signInFresh } from './helpers';

const COMMON = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

function expectCommonHeaders(headers: Record<string, string>) {
  for (const [k, v] of Object.entries(COMMON)) expect(headers[k], k).toBe(v);
  expect(headers['permissions-policy']).toContain('camera=()');
}

/** Every CSP violation the page reports, and console errors that mention the policy. */
async function watchCsp(page: Page) {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to (execute|load|apply)/i.test(m.text())) violations.push(m.text());
  });
  return async () => [...violations, ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])) as string[])];
}

test('pages send a nonce CSP and the other headers; API answers are no-store', async ({ request }) => {
  const a = await request.get('/login');
  const b = await request.get('/login');
  expectCommonHeaders(a.headers());
  const csp = a.headers()['content-security-policy'];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(b.headers()['content-security-policy']).not.toBe(csp); // a fresh nonce per response
  // Next.js put the nonce on its own scripts.
  const nonce = csp.match(/'nonce-([^']+)'/)![1];
  expect(await a.text()).toContain(`nonce="${nonce}"`);

  for (const path of ['/api/health', '/api/v1/namespaces', '/api/v1/openapi.json']) {
    const res = await request.get(path);
    expectCommonHeaders(res.headers());
    expect(res.headers()['cache-control'], path).toBe('no-store');
    expect(res.headers()['content-security-policy'], path).toContain("default-src 'none'");
  }
  // The sign-in redirect of a signed-out visitor carries them too.
  const redirect = await request.get('/namespaces', { maxRedirects: 0 });
  expect(redirect.status()).toBe(307);
  expectCommonHeaders(redirect.headers());
});

test('signed-in pages with charts hydrate and draw under the CSP, with no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password); // the sign-in form is a client component
  await page.goto('/costs');
  await expect(page.getByTestId('daily-costs').locator('svg.recharts-surface[role="application"]')).toBeVisible();
  await expect(page.getByTestId('daily-costs').locator('.recharts-bar-rectangle').first()).toBeAttached();
  await page.goto('/feedback');
  await expect(page.getByTestId('rating-distribution').locator('svg.recharts-surface[role="application"]')).toBeVisible();
  await page.goto('/health');
  await expect(page.getByTestId('pool-card-project')).toHaveAttribute('data-status', 'healthy');
  await expect(page.getByTestId('latency-chart').locator('svg.recharts-surface[role="application"]')).toBeVisible();
  // Client-side navigation (the RSC payload path) keeps working too.
  await page.getByRole('link', { name: 'Namespaces' }).first().click();
  await expect(page).toHaveURL(/\/namespaces$/);
  expect(await violations()).toEqual([]);
});

test('a cross-origin POST with the admin cookie is refused; the console’s own is not', async ({ page }) => {
  await signInFresh(page, E2E_ADMIN.email, E2E_ADMIN.password);
  const base = new URL(page.url()).origin;
  const body = JSON.stringify({ email: 'csrf-e2e@example.com', role: 'admin', password: 'a long enough password' });
  const evil = await page.request.post('/api/v1/users', { headers: { origin: 'http://localhost:1', 'content-type': 'text/plain' }, data: body });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error.code).toBe('csrf_refused');
  const users = await (await page.request.get('/api/v1/users')).json();
  expect(users.users.map((u: { email: string }) => u.email)).not.toContain('csrf-e2e@example.com');
  const own = await page.request.post('/api/v1/users', { headers: { origin: base, 'content-type': 'application/json' }, data: body });
  expect(own.status()).toBe(201);
});

test('malformed requests Next.js used to answer with a 500 are 400s', async ({ request }) => {
  for (const path of ['/login', '/', '/namespaces']) {
    const res = await request.post(path, { headers: { 'content-type': 'multipart/form-data' }, data: 'x' });
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error.field).toBe('content-type');
  }
  for (const path of ['/api/v1/memories/%E0%A4%A/k', '/api/v1/namespaces/%ZZ', '/namespaces/%E0%A4%A']) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(400);
    expect((await res.json()).error.field).toBe('path');
  }
});
