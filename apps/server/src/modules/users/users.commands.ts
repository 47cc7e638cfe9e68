import { AppError, authorize, inSubtree, type Role, type TUserCreate, type TUserPatch } from "@fengqiao/core";
import { hash, verify } from "@node-rs/argon2";
import type { Db, Tx } from "../../db/database";
import { forgetUserSessions, type SessionUser } from "../../plugins/auth";
import { audit } from "../audit/audit";
import { clearFailures } from "../auth/login-throttle";
import { regionForActor } from "../regions/regions.commands";
import { assertPasswordPolicy } from "./password-policy";

export const presentUser = (u: {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  region_code: string;
  unit_id: string | null;
  disabled: boolean;
}) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  roles: u.roles as Role[], // written only through ZUserCreate/ZUserPatch
  regionCode: u.region_code,
  unitId: u.unit_id,
  disabled: u.disabled,
});

export async function createUser(
  db: Db | Tx,
  u: {
    username: string;
    displayName: string;
    password: string;
    roles: string[];
    regionCode: string;
    unitId: string | null;
  },
) {
  assertPasswordPolicy(u.password, u.username);
  return db
    .insertInto("users")
    .values({
      username: u.username,
      display_name: u.displayName,
      password_hash: await hash(u.password),
      roles: u.roles,
      region_code: u.regionCode,
      unit_id: u.unitId,
    })
    .returning(["id", "username"])
    .executeTakeFirstOrThrow();
}

/** A new account: its row and its audit entry commit together, or neither does. */
export async function addUser(o: { db: Db; actor: SessionUser; input: TUserCreate; now: Date }) {
  const { actor, input } = o;
  return o.db.transaction().execute(async (tx) => {
    const region = await tx
      .selectFrom("regions")
      .select("path")
      .where("code", "=", input.regionCode)
      .executeTakeFirst();
    if (!region || !inSubtree(region.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
    authorize(actor, "user.manage", { regionPath: region.path });
    const taken = await tx
      .selectFrom("users")
      .select("id")
      .where("username", "=", input.username)
      .executeTakeFirst();
    if (taken) throw new AppError("CONFLICT", { zh: "用户名已存在", en: "Username already taken" });
    const user = await createUser(tx, input);
    await audit(tx, {
      at: o.now,
      actorId: actor.userId,
      action: "user.created",
      entity: "user",
      entityId: user.id,
      data: { username: user.username, roles: input.roles, regionCode: input.regionCode },
    });
    return user;
  });
}

/** A user whose region lies in the actor's subtree, else 404 — other counties' staff do not exist here. */
async function userForActor(tx: Tx, actor: SessionUser, id: string) {
  const user = await tx
    .selectFrom("users as u")
    .innerJoin("regions as r", "r.code", "u.region_code")
    .select(["u.id", "u.username", "u.display_name", "u.roles", "u.region_code", "u.unit_id", "u.disabled"])
    .select("r.path")
    .where("u.id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!user || !inSubtree(user.path, actor.regionPath)) throw new AppError("NOT_FOUND_OR_NO_ACCESS");
  return user;
}

async function requireUnit(tx: Tx, id: string) {
  const unit = await tx.selectFrom("units").select("id").where("id", "=", id).executeTakeFirst();
  if (!unit) throw new AppError("NOT_FOUND_OR_NO_ACCESS", { zh: "单位不存在", en: "Unit not found" });
}

// An administrator who disables or demotes themselves can lock the county out of its own system.
function refuseSelfLockout(actor: SessionUser, id: string, patch: TUserPatch) {
  if (id !== actor.userId) return;
  if (patch.disabled || (patch.roles && !patch.roles.includes("admin"))) {
    throw new AppError("INVALID_INPUT", {
      zh: "不能停用自己或取消自己的管理员角色",
      en: "You cannot disable yourself or drop your own admin role",
    });
  }
}

export async function updateUser(o: {
  db: Db;
  actor: SessionUser;
  id: string;
  patch: TUserPatch;
  now: Date;
}) {
  const p = o.patch;
  refuseSelfLockout(o.actor, o.id, p);
  const view = await o.db.transaction().execute(async (tx) => {
    const before = await userForActor(tx, o.actor, o.id);
    if (p.regionCode) await regionForActor(tx, o.actor, p.regionCode);
    if (p.unitId) await requireUnit(tx, p.unitId);
    const row = await tx
      .updateTable("users")
      .set({
        display_name: p.displayName ?? before.display_name,
        roles: p.roles ?? before.roles,
        region_code: p.regionCode ?? before.region_code,
        unit_id: p.unitId === undefined ? before.unit_id : p.unitId,
        disabled: p.disabled ?? before.disabled,
      })
      .where("id", "=", o.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    // A disabled user is signed out everywhere at once, not when their sessions expire: after the
    // commit this node forgets their cached sessions, the others when the trigger's notice arrives.
    if (p.disabled) await tx.deleteFrom("sessions").where("user_id", "=", o.id).execute();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "user.updated",
      entity: "user",
      entityId: o.id,
      data: { before: presentUser(before), patch: p },
    });
    return presentUser(row);
  });
  forgetUserSessions(o.db, o.id);
  return view;
}

export async function resetPassword(o: {
  db: Db;
  actor: SessionUser;
  id: string;
  password: string;
  now: Date;
}) {
  await o.db.transaction().execute(async (tx) => {
    // Outside the actor's subtree stays 404 before the policy says anything about the password.
    const target = await userForActor(tx, o.actor, o.id);
    assertPasswordPolicy(o.password, target.username);
    const passwordHash = await hash(o.password);
    // The administrator knows this password too: its owner replaces it at first sign-in.
    await tx
      .updateTable("users")
      .set({ password_hash: passwordHash, must_change_password: true })
      .where("id", "=", o.id)
      .execute();
    // Whoever held the old password loses their sessions with it.
    await tx.deleteFrom("sessions").where("user_id", "=", o.id).execute();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "user.password_reset",
      entity: "user",
      entityId: o.id,
    });
  });
  forgetUserSessions(o.db, o.id);
}

/**
 * The owner changes their own password (POST /auth/password): the current one proves it is them, the
 * new one keeps the policy (breached list included) and differs from the current; a one-time password
 * (import, admin reset) stops blocking the API. Every other session of the user ends — whoever else
 * held the old password loses it — and the one making the change stays signed in.
 */
export async function changeOwnPassword(o: {
  db: Db;
  actor: SessionUser;
  /** sha-256 of the session making the change (plugins/auth hashToken): it is kept. */
  sessionHash: string;
  currentPassword: string;
  newPassword: string;
  now: Date;
}) {
  const user = await o.db
    .selectFrom("users")
    .select(["password_hash", "must_change_password"])
    .where("id", "=", o.actor.userId)
    .executeTakeFirstOrThrow();
  if (!(await verify(user.password_hash, o.currentPassword)))
    throw new AppError(
      "INVALID_INPUT",
      { zh: "当前密码不正确", en: "The current password is wrong" },
      { field: "currentPassword" },
    );
  if (o.newPassword === o.currentPassword)
    throw new AppError(
      "INVALID_INPUT",
      { zh: "新密码不能与当前密码相同", en: "The new password must differ from the current one" },
      { field: "newPassword" },
    );
  assertPasswordPolicy(o.newPassword, o.actor.username);
  const passwordHash = await hash(o.newPassword); // the default (full) cost: this one is for keeps
  await o.db.transaction().execute(async (tx) => {
    // Unchanged since it was verified: two changes at once cannot both pass with the same old password.
    const done = await tx
      .updateTable("users")
      .set({ password_hash: passwordHash, must_change_password: false })
      .where("id", "=", o.actor.userId)
      .where("password_hash", "=", user.password_hash)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw new AppError("CONFLICT");
    const gone = await tx
      .deleteFrom("sessions")
      .where("user_id", "=", o.actor.userId)
      .where("token_hash", "!=", o.sessionHash)
      .executeTakeFirst();
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "auth.password_changed",
      entity: "user",
      entityId: o.actor.userId,
      data: { wasOneTime: user.must_change_password, otherSessionsEnded: Number(gone.numDeletedRows) },
    });
  });
  forgetUserSessions(o.db, o.actor.userId);
}

/** Lifts a login lock-out (and forgets the failures) before it runs out. */
export async function unlockUser(o: { db: Db; actor: SessionUser; id: string; now: Date }) {
  await o.db.transaction().execute(async (tx) => {
    const user = await userForActor(tx, o.actor, o.id);
    await clearFailures(tx, user.username);
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "user.unlocked",
      entity: "user",
      entityId: o.id,
    });
  });
}

/**
 * Signs a user out everywhere: every session row goes, and the delete's trigger (migration 0015)
 * tells every process to drop its cached copies as this commits. The account itself stays usable.
 */
export async function revokeSessions(o: { db: Db; actor: SessionUser; id: string; now: Date }) {
  const result = await o.db.transaction().execute(async (tx) => {
    await userForActor(tx, o.actor, o.id);
    const gone = await tx.deleteFrom("sessions").where("user_id", "=", o.id).executeTakeFirst();
    const revoked = Number(gone.numDeletedRows);
    await audit(tx, {
      at: o.now,
      actorId: o.actor.userId,
      action: "user.sessions_revoked",
      entity: "user",
      entityId: o.id,
      data: { revoked },
    });
    return { revoked };
  });
  forgetUserSessions(o.db, o.id);
  return result;
}
