import type { ColumnType, Generated, Kysely, Transaction } from "kysely";
import type { Db, Tx } from "../../db/database";
import type { Database } from "../../db/schema";

// Tables of migration 0003, typed here so the citizen modules do not widen the shared db/schema.ts.
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface PlacesTable {
  id: Generated<string>;
  kind: string;
  name: string;
  region_code: string;
  token: string;
  households: number | null;
  created_at: Timestamp;
  token_rotated_at: Timestamp | null;
}

export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  response: unknown | null;
  created_at: Timestamp;
}

export interface OpinionsTable {
  id: Generated<string>;
  place_id: string | null;
  region_code: string;
  region_path: string;
  category: string;
  description: string;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  created_at: Timestamp;
}

export interface AttachmentsTable {
  id: Generated<string>;
  case_id: string | null;
  opinion_id: string | null;
  path: string;
  mime: string;
  bytes: number;
  created_at: Timestamp;
}

export interface ApiClientsTable {
  id: Generated<string>;
  name: string;
  key_hash: string;
  region_code: string;
  created_by: string | null;
  created_at: Timestamp;
  disabled: Generated<boolean>;
}

export interface Open311TokensTable {
  token: string;
  case_id: string;
  client_id: string;
  created_at: Timestamp;
}

export interface CaseOriginsTable {
  case_id: string;
  place_id: string | null;
  client_id: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
}

// A type alias, not an interface: withTables() needs the implicit index signature.
export type CitizenTables = {
  places: PlacesTable;
  idempotency_keys: IdempotencyKeysTable;
  opinions: OpinionsTable;
  attachments: AttachmentsTable;
  api_clients: ApiClientsTable;
  open311_tokens: Open311TokensTable;
  case_origins: CaseOriginsTable;
  users: { work_phone: string | null; work_title: string | null };
};

export type CitizenDatabase = Database & CitizenTables;
export type CitizenDb = Kysely<CitizenDatabase>;
export type CitizenTx = Transaction<CitizenDatabase>;

export const citizenDb = (db: Db): CitizenDb => db.withTables<CitizenTables>();
export const citizenTx = (tx: Tx): CitizenTx => tx.withTables<CitizenTables>();
