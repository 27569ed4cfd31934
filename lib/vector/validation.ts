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

/** A vector of exactly `dimension` finite numbers: "expected 384 dimensions, got 512". */
export function embeddingField(dimension: number) {
  return arrayField('must be an array of numbers')
    .check((ctx) => {
      const v = ctx.value;
      if (v.length !== dimension) {
        ctx.issues.push({ code: 'custom', input: v, message: `expected ${dimension} dimensions, got ${v.length}` });
        return;
      }
      const bad = v.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
      if (bad >= 0) {
        ctx.issues.push({ code: 'custom', input: v, message: `must contain only finite numbers (position ${bad} is ${JSON.stringify(v[bad]) ?? String(v[bad])})` });
      }
    })
    .transform((v) => v as number[]);
}

export const limitField = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 1000')
  .max(1000, 'must be between 1 and 1000');

export const minSimilarityField = z.coerce
  .number({ error: 'must be a number' })
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');

export const DISTANCES = ['cosine', 'l2', 'ip'] as const;
export const distanceField = z.enum(DISTANCES, { error: 'must be one of cosine, l2, ip' });

export const efSearchField = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 1000')
  .max(1000, 'must be between 1 and 1000');

export const pageField = z.coerce
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be 1 or more')
  .max(1_000_000, 'must be at most 1000000')
  .default(1);
