// Seed 000's validation rules, shared by the browser forms, the HTTP API and imports.
import { z } from 'zod';

// PostgreSQL's text and jsonb cannot hold NUL, and jsonb refuses a lone UTF-16 surrogate: both are
// refused here with the field's name rather than by the database with a 500.
export const NUL_RULE = 'must not contain the NUL character (\\u0000)';
export const SURROGATE_RULE = 'must be valid Unicode text (it contains a lone UTF-16 surrogate)';
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why Postgres could not store this string as text or inside jsonb, as a rule message, or null. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return NUL_RULE;
  if (LONE_SURROGATE.test(s)) return SURROGATE_RULE;
  return null;
}

/** A string Postgres can store: no NUL, no lone surrogate. */
export const storableText = (error = 'required') =>
  z.string({ error }).refine((s) => !s.includes('\u0000'), NUL_RULE).refine((s) => !LONE_SURROGATE.test(s), SURROGATE_RULE);

export const namespaceField = storableText()
  .min(1, 'must not be empty')
  .max(255, 'at most 255 characters');

export const keyField = storableText()
  .min(1, 'must not be empty')
  .max(255, 'at most 255 characters');

export const VALUE_MAX = 1_000_000;
export const valueField = storableText()
  .min(1, 'must not be empty')
  .max(VALUE_MAX, `at most ${VALUE_MAX.toLocaleString('en-US')} characters`);

export const tagsField = z
  .array(storableText('each tag must be text').min(1, 'tags must not be empty').max(100, 'each tag at most 100 characters'), {
    error: 'must be a list of strings',
  })
  .max(50, 'at most 50 tags');

export const METADATA_MAX_DEPTH = 32;
export const METADATA_MAX_CHARS = 65_536;

/**
 * The first problem in a JSON value as [path, rule]: a string or key Postgres cannot store, or nesting
 * deeper than maxDepth (checked before descending, so a 4,000-level value costs 32 steps).
 */
export function jsonProblem(value: unknown, maxDepth: number, path: (string | number)[] = [], depth = 1): [(string | number)[], string] | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [path, problem] : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth > maxDepth) return [path, `must be nested at most ${maxDepth} levels deep`];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const x = value[i];
      // Numbers have nothing to check here: a 384-number vector costs one pass of typeof tests, not
      // 384 calls and paths (its numbers are checked once, by embeddingField).
      if (typeof x !== 'string' && (x === null || typeof x !== 'object')) continue;
      const p = jsonProblem(x, maxDepth, [...path, i], depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    const keyProblem = textProblem(k);
    if (keyProblem) return [path, `a key ${keyProblem}`];
    const p = jsonProblem(v, maxDepth, [...path, k], depth + 1);
    if (p) return p;
  }
  return null;
}

export const metadataField = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).check((ctx) => {
  const problem = jsonProblem(ctx.value, METADATA_MAX_DEPTH);
  if (problem) {
    // A nesting problem is the field's (its path would be 32 segments long); a bad string is named.
    const path = problem[1].startsWith('must be nested') ? [] : problem[0];
    ctx.issues.push({ code: 'custom', input: ctx.value, path, message: problem[1] });
    return;
  }
  const size = JSON.stringify(ctx.value).length;
  if (size > METADATA_MAX_CHARS) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: `at most ${METADATA_MAX_CHARS.toLocaleString('en-US')} characters as JSON (this is ${size.toLocaleString('en-US')})` });
  }
});

/**
 * Any array, as is. z.array() parses and copies element by element, which on a 384-number vector
 * costs a third of a millisecond per request, more than the rest of a search's validation together;
 * embeddingField checks the elements in one loop instead.
 */
export const arrayField = (error: string) => z.custom<unknown[]>((v) => Array.isArray(v), { error });

// pgvector stores 4-byte floats: a larger number is finite in JavaScript but refused by the database.
const FLOAT4_MAX = 3.4028234663852886e38;

/** The first element that is not a number pgvector can store, as a rule message, or null. */
function vectorElementProblem(v: unknown[]): string | null {
  const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x) || Math.abs(x) > FLOAT4_MAX);
  if (bad < 0) return null;
  const x = v[bad];
  if (typeof x === 'number' && Number.isFinite(x)) return `numbers must be within ±3.4e38, a 4-byte float (position ${bad} is ${x})`;
  return `must contain only finite numbers (position ${bad} is ${JSON.stringify(x) ?? String(x)})`;
}

/** A vector of exactly `dimension` finite numbers (or of any length, for an untyped vector column). */
export function embeddingField(dimension: number | null) {
  return arrayField('must be an array of numbers')
    .check((ctx) => {
      const v = ctx.value;
      if (dimension !== null && v.length !== dimension) {
        ctx.issues.push({ code: 'custom', input: v, message: `expected ${dimension} dimensions, got ${v.length}` });
        return;
      }
      const problem = vectorElementProblem(v);
      if (problem) ctx.issues.push({ code: 'custom', input: v, message: problem });
    })
    .transform((v) => v as number[]);
}

// Query strings and form fields are text: only a plain decimal becomes a number. Number() would also
// read 0x10 as 16, 1e3 as 1000, " 7 " as 7 and "" as 0, and 07 looks like octal to some readers.
const PLAIN_DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
export const PLAIN_DECIMAL_RULE = 'must be a plain decimal number like 10 or 0.5 (not 0x10, 07 or 1e3)';

/** A number; a string given for it must be a plain decimal. `error` is the rule for anything else. */
export const numberInput = (error = 'must be a number') =>
  z.number({ error: (iss) => (looksNumeric(iss.input) ? PLAIN_DECIMAL_RULE : error) });

// Text Number() would read as a number ("0x10", "07", " 7", "1e3", "Infinity") gets the plain-decimal rule; other text the field's own.
const looksNumeric = (v: unknown) => typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v));

/** The schema, given a number or a plain-decimal string (from a form or a query string). */
export const decimal = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && PLAIN_DECIMAL.test(v) ? Number(v) : v), schema);

/** A number in [min, max], from a number or a form/query string: "must be between 0 and 1". */
export const numberBetween = (min: number, max: number) =>
  decimal(numberInput().min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`));

/** As numberBetween, and whole: "must be a whole number". */
export const wholeNumberBetween = (min: number, max: number) =>
  decimal(numberInput().int('must be a whole number').min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`));

export const limitField = wholeNumberBetween(1, 1000);

export const minSimilarityField = numberBetween(0, 1);

export const DISTANCES = ['cosine', 'l2', 'ip'] as const;
export const distanceField = z.enum(DISTANCES, { error: 'must be one of cosine, l2, ip' });

export const efSearchField = wholeNumberBetween(1, 1000);

export const pageField = decimal(
  numberInput('must be a whole number').int('must be a whole number').min(1, 'must be 1 or more').max(1_000_000, 'must be at most 1000000'),
).default(1);
