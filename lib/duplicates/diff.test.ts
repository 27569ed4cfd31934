import { describe, expect, it } from 'vitest';
import { wordDiff } from './diff';

describe('wordDiff', () => {
  it('marks the words added and removed between two values', () => {
    expect(wordDiff('rotate the keys monthly', 'Update: rotate the keys weekly')).toEqual([
      { text: 'Update: ', kind: 'added' },
      { text: 'rotate the keys ', kind: 'same' },
      { text: 'monthly', kind: 'removed' },
      { text: 'weekly', kind: 'added' },
    ]);
  });
  it('gives one unchanged part for equal values', () => {
    expect(wordDiff('a b', 'a b')).toEqual([{ text: 'a b', kind: 'same' }]);
  });
});
