import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { call, type Session, type TestEnv } from "./helpers";

/** A household as the phone sends it (FIELD-API.md): 户主 with phone and ID, a left-behind child. */
export const householdBody = (gridCode: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  gridCode,
  address: `马洼村三组${Math.floor(Math.random() * 900 + 100)}号`,
  building: "三组院落",
  tags: ["留守儿童"],
  members: [
    { relation: "户主", name: "王建国", phone: "13912345678", idNumber: "620702196501011234", tags: [] },
    { relation: "孙子", name: "王小明", tags: ["留守儿童"] },
  ],
  ...extra,
});

export async function addHousehold(
  env: TestEnv,
  s: Session,
  gridCode: string,
  extra: Record<string, unknown> = {},
) {
  const body = householdBody(gridCode, extra);
  const res = await call(env, s, { method: "POST", url: "/api/v1/field/households", payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; address: string; members: { name: string; phone: string | null }[] };
}

export const visitBody = (gridCode: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  gridCode,
  visitedAt: "2026-12-01T10:30:00+08:00",
  findings: "兄弟两家为宅基地界址争执，已多年未解决。双方情绪激动。",
  ...extra,
});

export async function addVisit(
  env: TestEnv,
  s: Session,
  gridCode: string,
  extra: Record<string, unknown> = {},
) {
  const res = await call(env, s, {
    method: "POST",
    url: "/api/v1/field/visits",
    payload: visitBody(gridCode, extra),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; caseCode: string | null };
}

export const campaignBody = (regionCode: string, extra: Record<string, unknown> = {}) => ({
  title: "婚恋家庭纠纷排查",
  kind: "marriage_family",
  regionCode,
  startsAt: "2026-11-01T00:00:00+08:00",
  dueAt: "2027-01-31T23:59:59+08:00",
  target: "household",
  checklist: [
    { key: "conflict", label: "家庭成员间有无矛盾" },
    { key: "violence", label: "有无家暴迹象" },
  ],
  ...extra,
});

/** One file as multipart/form-data under the field name `file`. */
export function multipartFile(file: Buffer, filename = "photo.jpg", contentType = "image/jpeg") {
  const boundary = `----fq${randomUUID().replace(/-/g, "")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}
