// Length alone lets "password1234" and "aaaaaaaaaaaa" through. zxcvbn-ts (Dropbox's estimator) knows
// ~40,000 common passwords and spots repeats, sequences, keyboard walks and dates; a password it
// expects to fall within a million guesses (score 0–1) is refused.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

let estimator: ZxcvbnFactory | null = null;

const WHY: Record<string, string> = {
  common: 'it is one of the most common passwords',
  similarToCommon: 'it is a common password with small changes',
  simpleRepeat: 'it repeats one character',
  extendedRepeat: 'it repeats a short pattern',
  sequences: 'it is a sequence such as abcd or 1234',
  straightRow: 'it is a row of keys on the keyboard',
  keyPattern: 'it is a keyboard pattern',
  dates: 'it is a date',
  recentYears: 'it is a recent year',
};

/** Why the password is too easy to guess, as a rule message, or null. */
export function weakPasswordProblem(password: string): string | null {
  estimator ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  // The estimate's cost grows with length; 100 characters are plenty to tell.
  const result = estimator.check(password.slice(0, 100));
  if (result.score >= 2) return null;
  const why = (result.feedback.warning && WHY[result.feedback.warning]) || 'it is a common password or a simple pattern';
  return `is too easy to guess (${why}); use a few unrelated words or a generated password`;
}
