import { type SqlBool, sql } from "kysely";

// Jurisdiction is a subtree of the region tree: a materialised path and everything below it
// ("62.6207.620702" and "62.6207.620702.…"). Region paths are digits and dots, so LIKE needs no escaping.

/** `column` (e.g. "cases.region_path") lies at or below `path`: `.where(atOrBelow(…))` in any query. */
export const atOrBelow = (column: string, path: string) =>
  sql<SqlBool>`(${sql.ref(column)} = ${path} OR ${sql.ref(column)} LIKE ${`${path}.%`})`;

/** `column` lies at or below the path held in another column (joins: a region and what lies in it). */
export const atOrBelowColumn = (column: string, pathColumn: string) =>
  sql<SqlBool>`(${sql.ref(column)} = ${sql.ref(pathColumn)} OR ${sql.ref(column)} LIKE ${sql.ref(pathColumn)} || '.%')`;

/**
 * The same subtree as a key range, for an index on `column COLLATE "C"`: in byte order "X" ≤ "X.…" <
 * "X/" ('/' follows '.'), whatever the database's own collation. `atOrBelow` says which rows; this only
 * lets PostgreSQL find them with one index range where its OR would scan the whole index.
 */
export const subtreeRange = (column: string, path: string) =>
  sql<SqlBool>`(${sql.ref(column)} COLLATE "C" >= ${path} AND ${sql.ref(column)} COLLATE "C" < ${`${path}/`})`;
