import { XMLParser } from "fast-xml-parser";
import { expect } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// Shared by the Open311 test files: an app with one API client, and form/XML helpers.

export interface Open311Env {
  env: TestEnv;
  tree: Tree;
  apiKey: string;
  staff: Session;
}

export async function open311Env(): Promise<Open311Env> {
  const env = await testEnv();
  const tree = await makeTree(env.ctx);
  const admin = await login(env, { roles: ["admin"], region: tree.county });
  const staff = await login(env, { roles: ["center_staff"], region: tree.county });
  const res = await call(env, admin, {
    method: "POST",
    url: "/api/v1/admin/api-clients",
    payload: { name: "随手拍 App", regionCode: tree.grid },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { env, tree, staff, apiKey: res.json().apiKey };
}

let ipCounter = 0;
/** A client address of its own: POSTs are rate-limited per client, tests are not the abuse. */
export const freshAddress = () => {
  ipCounter += 1;
  return `10.31.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

export const get = (o: Open311Env, url: string) =>
  o.env.app.inject({ method: "GET", url: `/open311/v2${url}`, remoteAddress: freshAddress() });

export const form = (
  o: Open311Env,
  url: string,
  fields: [string, string][] | Record<string, string>,
  ip?: string,
) =>
  o.env.app.inject({
    method: "POST",
    url: `/open311/v2${url}`,
    remoteAddress: ip ?? freshAddress(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });

export const baseFields = (o: Open311Env): Record<string, string> => ({
  api_key: o.apiKey,
  service_code: "neighbour",
  description: "小区门口垃圾堆放，邻里争执",
  lat: "36.06",
  long: "103.83",
  address_string: "城关区某小区 3 号楼",
});

/** The spec's list items are arrays even when one; numeric entities (&#13;) decoded. */
const LISTS = ["request", "service", "error", "request_update", "attribute", "value", "endpoint", "format"];
export const xmlParser = new XMLParser({
  isArray: (n) => LISTS.includes(n),
  parseTagValue: false,
  htmlEntities: true,
  trimValues: false,
});
