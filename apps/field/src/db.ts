// The phone's own store (IndexedDB through `idb`): the outbox of writes waiting for the network, the
// last answers of the screens (read cache) and small facts such as who is signed in.
import { type DBSchema, type IDBPDatabase, openDB } from "idb";
import type { OutboxItem } from "./outbox-logic";

export interface Cached<T = unknown> {
  data: T;
  /** When the server gave this answer (ms). */
  at: number;
}

interface FieldDb extends DBSchema {
  outbox: { key: number; value: OutboxItem; indexes: { id: string } };
  cache: { key: string; value: Cached };
}

let dbp: Promise<IDBPDatabase<FieldDb>> | null = null;

export function db(): Promise<IDBPDatabase<FieldDb>> {
  dbp ??= openDB<FieldDb>("fengqiao-field", 1, {
    upgrade(d) {
      const out = d.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      out.createIndex("id", "id", { unique: true });
      d.createObjectStore("cache");
    },
  });
  return dbp;
}

export async function readCache<T>(key: string): Promise<Cached<T> | undefined> {
  return (await (await db()).get("cache", key)) as Cached<T> | undefined;
}

export async function writeCache(key: string, data: unknown, at = Date.now()): Promise<void> {
  await (await db()).put("cache", { data, at }, key);
}

export async function clearCache(): Promise<void> {
  await (await db()).clear("cache");
}
