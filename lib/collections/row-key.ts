// Finding a collection row by its key: the parameter is cast to the key column's own type (read from
// the catalogue), so `key = $1::integer` uses the primary key where `key::text = $1` reads every row.
import { ValidationError } from '@/lib/errors';
import { quoteIdent, type Collection } from './catalog';

/** The key column's type as a cast target, without a length (a varchar(10) cast would truncate). */
export function keyType(c: Collection): string {
  if (!c.keyColumn) return 'tid';
  const type = c.columns.find((col) => col.name === c.keyColumn)?.type ?? 'text';
  return type.replace(/\(\d+(,\s*\d+)?\)/, '');
}

/** `alias.key = param::type` for the collection's primary key (or ctid when it has none). */
export function keyMatch(c: Collection, alias: string, param: string): string {
  const column = c.keyColumn ? `${alias}.${quoteIdent(c.keyColumn)}` : `${alias}.ctid`;
  return `${column} = ${param}::${keyType(c)}`;
}

// Postgres's codes for a value that is not of the type it was cast to.
const BAD_VALUE = new Set(['22P02', '22003', '22007', '22008', '22023']);

/** Runs a lookup, turning "not a valid <type>" from Postgres into a 400 that names the field. */
export async function withRowKey<T>(c: Collection, field: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code && BAD_VALUE.has(code)) {
      throw new ValidationError(field, `must be a value of type ${keyType(c)} (${c.keyColumn ? `the key column ${c.keyColumn}` : 'a row id, ctid'})`);
    }
    throw err;
  }
}
