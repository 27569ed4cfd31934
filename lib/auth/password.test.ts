import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batterY', hash)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toEqual(await hashPassword('same password here'));
  });

  it('rejects a stored value in another format', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });

  it('generates long, different passwords', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[\w]{5}-[\w]{5}-[\w]{5}-[\w]{5}$/);
    expect(a).not.toEqual(generatePassword());
  });
});
