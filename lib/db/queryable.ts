import type pg from 'pg';

/** Anything a query can run on: a pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;
