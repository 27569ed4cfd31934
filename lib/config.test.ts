import { describe, expect, it } from 'vitest';
import { ConfigError, projectPoolSettings, redactUrl, sharedPoolSettings } from './config';

describe('settings from the environment', () => {
  it('needs no database settings for the embedded engine', () => {
    expect(projectPoolSettings({})).toBeNull();
    expect(sharedPoolSettings({})).toBeNull();
  });

  it('reads pool sizes and SSL with the seed names', () => {
    const s = projectPoolSettings({
      DATABASE_URL: 'postgres://u:p@db:5432/app', PROJECT_POOL_MIN: '3', PROJECT_POOL_MAX: '25', RUVECTOR_SSLMODE: 'require',
    })!;
    expect(s).toMatchObject({ min: 3, max: 25, ssl: { mode: 'require' } });
    expect(sharedPoolSettings({ SHARED_DATABASE_URL: 'postgresql://s@db/shared' })).toMatchObject({ min: 1, max: 15, ssl: null });
  });

  it('builds the URL from seed 000 parts when no URL is given', () => {
    const s = projectPoolSettings({
      RUVECTOR_HOST: 'db.internal', RUVECTOR_PORT: '6543', RUVECTOR_DB: 'memory', RUVECTOR_USER: 'dpg', RUVECTOR_PASSWORD: 'p@ss/word',
    })!;
    const u = new URL(s.connectionString);
    expect([u.hostname, u.port, u.pathname, u.username, decodeURIComponent(u.password)]).toEqual(['db.internal', '6543', '/memory', 'dpg', 'p@ss/word']);
  });

  it.each([
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL: not a valid URL (expected postgres://user:password@host:5432/database)'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql:"'],
    [{ DATABASE_URL: 'postgres://x@y/z', PROJECT_POOL_MAX: 'lots' }, 'PROJECT_POOL_MAX: expected a whole number'],
    [{ DATABASE_URL: 'postgres://x@y/z', PROJECT_POOL_MAX: '0' }, 'PROJECT_POOL_MAX: must be at least 1'],
    [{ DATABASE_URL: 'postgres://x@y/z', RUVECTOR_SSLMODE: 'always' }, 'RUVECTOR_SSLMODE: expected one of disable, allow, prefer, require, verify-ca, verify-full, got "always"'],
  ])('refuses %o with a message naming the variable', (env, message) => {
    expect(() => projectPoolSettings(env)).toThrow(new ConfigError(message));
  });

  it('hides the password when showing a URL', () => {
    expect(redactUrl('postgres://u:secret@h:5432/d')).toBe('postgres://u:*****@h:5432/d');
  });
});

describe('the bulk lane size (PROJECT_POOL_BULK_MAX)', () => {
  const url = 'postgres://u@h:5432/db';
  it('keeps a fifth of a real server pool for pages, and gives the embedded pool of one to the queue', () => {
    expect(projectPoolSettings({ DATABASE_URL: url })!.bulkMax).toBe(32);
    expect(projectPoolSettings({ DATABASE_URL: url, PROJECT_POOL_MAX: '3' })!.bulkMax).toBe(2);
    expect(projectPoolSettings({ DATABASE_URL: url, RECALL_ENGINE: 'embedded', PROJECT_POOL_MAX: '1' })!.bulkMax).toBe(1);
  });
  it('takes 0 (no lane) and never more than the pool', () => {
    expect(projectPoolSettings({ DATABASE_URL: url, PROJECT_POOL_BULK_MAX: '0' })!.bulkMax).toBe(0);
    expect(projectPoolSettings({ DATABASE_URL: url, PROJECT_POOL_MAX: '10', PROJECT_POOL_BULK_MAX: '50' })!.bulkMax).toBe(10);
    expect(() => projectPoolSettings({ DATABASE_URL: url, PROJECT_POOL_BULK_MAX: 'many' })).toThrow(/PROJECT_POOL_BULK_MAX/);
  });
});
