import { describe, expect, it } from 'vitest';
import { DISPLAY_MAX_CHARS, readableJson, shownJson, shownText } from './bounded';

const deep = (levels: number) => {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};

describe('bounded display of stored values', () => {
  it('4,000 levels of metadata (24 KB stored) is shown in at most DISPLAY_MAX_CHARS, not 67 MB', () => {
    const shown = shownJson(deep(4000));
    expect(shown.text.length).toBeLessThanOrEqual(DISPLAY_MAX_CHARS);
    expect(shown.truncated).toBe(true);
    expect(shown.total).toBe(JSON.stringify(deep(4000)).length);
  });

  it('deep JSON that fits is compact, shallow JSON is indented', () => {
    expect(readableJson(deep(20))).toBe(JSON.stringify(deep(20)));
    expect(readableJson({ a: { b: 1 } })).toBe('{\n  "a": {\n    "b": 1\n  }\n}');
    expect(shownJson({ a: 1 })).toEqual({ text: '{\n  "a": 1\n}', truncated: false, total: 12 });
  });

  it('a 1 MB value is cut with its full length kept', () => {
    const shown = shownText('v'.repeat(1_000_000));
    expect(shown).toMatchObject({ truncated: true, total: 1_000_000 });
    expect(shown.text.length).toBe(DISPLAY_MAX_CHARS);
  });
});
