/**
 * The raw SQL interface the pipeline's set-based statements use. Both backends (PGlite, node-postgres)
 * implement it, with the same value parsing: numeric and bigint come back as JS numbers.
 */
import type { CopySource } from "./copy";

export type SqlParam = string | number | boolean | null | Date | Uint8Array | unknown[] | Record<string, unknown>;

export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs several statements without parameters (DDL, scripts). */
  exec(script: string): Promise<void>;
  /** Bulk-loads rows with COPY (CSV): the fastest path into a table; inside a transaction, part of it. */
  copyFrom(source: CopySource): Promise<void>;
  /** Runs fn in one transaction: all of it commits, or none of it. Nested calls reuse the outer one. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}

export const NUMERIC_OID = 1700;
export const INT8_OID = 20;

export const numberParsers: Record<number, (value: string) => number> = {
  [NUMERIC_OID]: (value) => Number(value),
  [INT8_OID]: (value) => Number(value),
};
