import { createHash, randomBytes } from "node:crypto";
import type { AppContext } from "../../context";
import type { SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { regionForActor } from "../regions/regions.commands";

export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

/**
 * An Open311 integration. The key is returned once and only its hash is kept. A client files cases
 * in its region only: its cases land there and follow that region's ladder.
 */
export async function createApiClient(o: {
  ctx: AppContext;
  actor: SessionUser;
  input: { name: string; regionCode: string };
}) {
  const { ctx, actor, input } = o;
  const region = await regionForActor(ctx.db, actor, input.regionCode);
  const apiKey = `fq_${randomBytes(24).toString("base64url")}`;
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto("api_clients")
      .values({
        name: input.name,
        key_hash: hashApiKey(apiKey),
        region_code: region.code,
        created_by: actor.userId,
        created_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const entry = {
      action: "api_client.created",
      entity: "api_client",
      entityId: row.id,
      data: { name: input.name },
    };
    await audit(tx, { at: now, actorId: actor.userId, ...entry });
    return row.id;
  });
  return { id, name: input.name, regionCode: region.code, apiKey };
}
