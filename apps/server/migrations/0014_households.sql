-- 楼栋/院落 and 户 per grid (GB/T 31000 basics that matter to a grid worker): who lives where, who to
-- call, which households need a closer eye (独居老人, 留守儿童, 重点人员). Written here once so the field
-- app, the console and the county import (issue 12) share one shape.
--
-- Personal fields (member names, phones, ID numbers) are encrypted at rest (AES-GCM, lib/personal-data):
-- `*_enc` holds the sealed value, `*_hash` the HMAC lookup (exact search, repeat matching), and the
-- forms a list may show are kept beside them (`name_masked` 张**, `phone_last4`) so no list decrypts.

CREATE TABLE buildings (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  grid_code  text NOT NULL REFERENCES regions(code),
  -- The county's own code for the building/courtyard, when its files have one (the import upserts by it).
  code       text UNIQUE,
  name       text NOT NULL,
  kind       text NOT NULL DEFAULT 'courtyard' CHECK (kind IN ('courtyard','building','place')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (grid_code, name)
);

CREATE TABLE households (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- 户编号 from the county's files (the import upserts by it); null for households added in the field.
  code        text UNIQUE,
  grid_code   text NOT NULL REFERENCES regions(code),
  building_id uuid REFERENCES buildings(id),
  address     text NOT NULL,
  -- Household-level tags (e.g. 独居老人, 留守儿童, 重点人员, 低保户); member tags sit on the member.
  tags        text[] NOT NULL DEFAULT '{}',
  note        text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid REFERENCES users(id)
);
CREATE INDEX households_grid_idx ON households (grid_code, address);
CREATE INDEX households_tags_idx ON households USING gin (tags);

CREATE TABLE household_members (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  household_id   uuid NOT NULL REFERENCES households(id) ON DELETE CASCADE,
  relation       text NOT NULL,            -- 户主 / 配偶 / 子女 / 父母 / 其他
  name_enc       text NOT NULL,
  name_hash      text NOT NULL,
  name_masked    text NOT NULL,
  phone_enc      text,
  phone_hash     text,
  phone_last4    text,
  id_number_enc  text,
  id_number_hash text,
  tags           text[] NOT NULL DEFAULT '{}',
  position       int NOT NULL DEFAULT 0
);
CREATE INDEX household_members_household_idx ON household_members (household_id, position);
CREATE INDEX household_members_name_idx ON household_members (name_hash);
CREATE INDEX household_members_phone_idx ON household_members (phone_hash) WHERE phone_hash IS NOT NULL;
CREATE INDEX household_members_last4_idx ON household_members (phone_last4) WHERE phone_last4 IS NOT NULL;
CREATE INDEX household_members_id_idx ON household_members (id_number_hash) WHERE id_number_hash IS NOT NULL;

-- A case may concern a household (a visit turned into a case, or linked by staff).
ALTER TABLE cases ADD COLUMN household_id uuid REFERENCES households(id);
CREATE INDEX cases_household_idx ON cases (household_id) WHERE household_id IS NOT NULL;
