import { type SqlBool, sql } from "kysely";

// Jurisdiction is a subtree of the region tree: a materialised path and everything below it
// ("62.6207.620702" and "62.6207.620702.…"). Region paths are digits and dots, so LIKE needs no escaping.

/** `column` (e.g. "cases.region_path") lies at or below `path`: `.where(atOrBelow(…))` in any query. */
export const atOrBelow = (column: string, path: string) =>
  sql<SqlBool>`(${sql.ref(column)} = ${path} OR ${sql.ref(column)} LIKE ${`${path}.%`})`;

/** `column` lies at or below the path held in another column (joins: a region and what lies in it). */
export const atOrBelowColumn = (column: string, pathColumn: string) =>
  sql<SqlBool>`(${sql.ref(column)} = ${sql.ref(pathColumn)} OR ${sql.ref(column)} LIKE ${sql.ref(pathColumn)} || '.%')`;
