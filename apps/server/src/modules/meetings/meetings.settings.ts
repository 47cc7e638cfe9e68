import { DEFAULT_MEETING_SETTINGS, type MeetingSettings, ZMeetingSettings } from "@fengqiao/core";
import { sql } from "kysely";
import type { Db, Tx } from "../../db/database";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";

// The meetings' defaults are data: one settings row (`meetings`, seeded by 0012_meet_meetings.sql),
// read on each change and written by an administrator.

const KEY = "meetings";

export async function meetingSettings(db: Db | Tx): Promise<MeetingSettings> {
  const row = await db.selectFrom("settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const parsed = ZMeetingSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_MEETING_SETTINGS;
}

export async function saveMeetingSettings(o: {
  db: Db;
  actor: SessionUser;
  value: MeetingSettings;
  now: Date;
}) {
  return o.db.transaction().execute(async (tx) => {
    const before = await meetingSettings(tx);
    await sql`
      INSERT INTO settings (key, value) VALUES (${KEY}, ${JSON.stringify(o.value)}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`.execute(tx);
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "meeting.settings_changed",
      entity: "settings",
      entityId: null,
      data: { before, after: o.value },
    });
    return o.value;
  });
}
