// Seed 000's validation rules, shared by the browser forms, the HTTP API and imports.
import { z } from 'zod';

export const namespaceField = z
  .string({ error: 'required' })
  .min(1, 'must not be empty')
  .max(255, 'at most 255 characters');

export const keyField = z
  .string({ error: 'required' })
  .min(1, 'must not be empty')
  .max(255, 'at most 255 characters');

export const VALUE_MAX = 1_000_000;
export const valueField = z
  .string({ error: 'required' })
  .min(1, 'must not be empty')
  .max(VALUE_MAX, `at most ${VALUE_MAX.toLocaleString('en-US')} characters`);

export const tagsField = z
  .array(z.string({ error: 'each tag must be text' }).min(1, 'tags must not be empty').max(100, 'each tag at most 100 characters'), {
    error: 'must be a list of strings',
  })
  .max(50, 'at most 50 tags');

export const metadataField = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

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

/** A number in [min, max], from a number or a form/query string: "must be between 0 and 1". */
export const numberBetween = (min: number, max: number) =>
  z.coerce.number({ error: 'must be a number' }).min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`);

/** As numberBetween, and whole: "must be a whole number". */
export const wholeNumberBetween = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);

export const limitField = wholeNumberBetween(1, 1000);

export const minSimilarityField = numberBetween(0, 1);

export const DISTANCES = ['cosine', 'l2', 'ip'] as const;
export const distanceField = z.enum(DISTANCES, { error: 'must be one of cosine, l2, ip' });

export const efSearchField = wholeNumberBetween(1, 1000);

export const pageField = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(1_000_000, 'must be at most 1000000')
  .default(1);
