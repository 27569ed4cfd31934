import { describe, expect, it } from 'vitest';
import { weakPasswordProblem } from './password-strength';
import { generatePassword } from './password';
import { createUserInput } from '@/lib/users/users';

const user = (password: string) => createUserInput.safeParse({ email: 'x@example.com', role: 'viewer', password });

describe('passwords: more than length', () => {
  it.each([
    ['password1234', /common password/],
    ['123456789012', /most common passwords/],
    ['aaaaaaaaaaaa', /repeats one character/],
    ['passwordpassword', /repeats a short pattern/],
    ['abcdefghijkl', /sequence/],
    ['qwertyuiopasdf', /common password|keyboard/],
    ['iloveyou1234', /common password/],
  ])('%s (12+ characters) is refused', (password, why) => {
    expect(weakPasswordProblem(password)).toMatch(why);
    const r = user(password);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['password'] });
    expect(r.error!.issues[0].message).toMatch(/^is too easy to guess/);
  });

  it.each(['a long enough password', 'correct horse battery staple', 'viewer-password-123', 'Tr0ub4dor&3xx'])('%s is accepted', (password) => {
    expect(weakPasswordProblem(password)).toBeNull();
    expect(user(password).success).toBe(true);
  });

  it('generated passwords always pass', () => {
    for (let i = 0; i < 20; i++) expect(weakPasswordProblem(generatePassword())).toBeNull();
  });

  it('a short password still gets the length rule, not the guessability one', () => {
    expect(user('short').error!.issues[0].message).toBe('must be at least 12 characters');
  });
});
