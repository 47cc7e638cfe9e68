import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { call, login, makeTree, type Session, type TestEnv, type Tree, testEnv } from "./helpers";

// The community's GeoReport v2 schemas, read from the shared folder at test time only.
const SCHEMAS = path.resolve(__dirname, "../../../../shared/open311/georeport-v2");
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const f of readdirSync(SCHEMAS).filter((n) => n.endsWith(".json"))) {
  ajv.addSchema(JSON.parse(readFileSync(path.join(SCHEMAS, f), "utf8")), f);
}
const schema = (name: string) => ajv.getSchema(name) as ValidateFunction;

function expectValid(name: string, data: unknown) {
  const v = schema(name);
  expect(v(data), JSON.stringify(v.errors)).toBe(true);
}

// Spark convention: lists become arrays, empty elements null, numbers and booleans typed again.
const LISTS = ["request", "service", "error", "request_update", "attribute"];
const parser = new XMLParser({ isArray: (n) => LISTS.includes(n), parseTagValue: false, htmlEntities: true });
const NUMBERS = new Set(["lat", "long"]);
const BOOLS = new Set(["metadata", "variable", "required"]);
function typed(v: unknown, key = ""): unknown {
  if (Array.isArray(v)) return v.map((x) => typed(x));
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typed(x, k)]));
  if (v === "") return key === "attributes" ? [] : null;
  if (NUMBERS.has(key)) return Number(v);
  if (BOOLS.has(key)) return v === "true";
  return v;
}
const fromXml = (xml: string, root: string, item: string) => {
  const doc = parser.parse(xml)[root];
  return typed(item ? (doc?.[item] ?? []) : doc);
};

let env: TestEnv;
let tree: Tree;
let apiKey: string;
let staff: Session;

beforeAll(async () => {
  env = await testEnv();
  tree = await makeTree(env.ctx);
  const admin = await login(env, { roles: ["admin"], region: tree.county });
  staff = await login(env, { roles: ["center_staff"], region: tree.county });
  const res = await call(env, admin, {
    method: "POST",
    url: "/api/v1/admin/api-clients",
    payload: { name: "随手拍 App", regionCode: tree.grid },
  });
  expect(res.statusCode, res.body).toBe(201);
  apiKey = res.json().apiKey;
});

const get = (url: string) => env.app.inject({ method: "GET", url: `/open311/v2${url}` });
const form = (url: string, fields: Record<string, string>) =>
  env.app.inject({
    method: "POST",
    url: `/open311/v2${url}`,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    payload: new URLSearchParams(fields).toString(),
  });
const newRequest = (extra: Record<string, string> = {}) =>
  form("/requests.json", {
    api_key: apiKey,
    service_code: "neighbour",
    description: "小区门口垃圾堆放，邻里争执",
    lat: "36.06",
    long: "103.83",
    address_string: "城关区某小区 3 号楼",
    phone: "13800005678",
    ...extra,
  });

describe("Open311 GeoReport v2 (JSON)", () => {
  it("lists services and service definitions that match the schemas", async () => {
    const services = await get("/services.json");
    expect(services.statusCode).toBe(200);
    expectValid("services.json", services.json());
    expect(services.json()[0].service_code).toBe("marriage_family");
    const def = await get("/services/neighbour.json");
    expectValid("service-definition.json", def.json());
    const missing = await get("/services/nonsense.json");
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: "404", description: expect.any(String) }]);
  });

  it("answers discovery in both formats", async () => {
    expect((await get("/discovery.json")).json().endpoints[0].formats).toContain("application/json");
    expect((await get("/discovery.xml")).body).toContain("<discovery>");
  });

  it("refuses POST without a valid api_key (403) and bad input (400)", async () => {
    const noKey = await form("/requests.json", {
      service_code: "neighbour",
      description: "x",
      lat: "1",
      long: "1",
    });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()[0].code).toBe("403");
    expect((await newRequest({ service_code: "nope" })).statusCode).toBe(400);
    const nowhere = await form("/requests.json", {
      api_key: apiKey,
      service_code: "neighbour",
      description: "x",
    });
    expect(nowhere.statusCode).toBe(400);
  });

  it("files a request and shows it by id, by token and in the list — all schema-valid", async () => {
    const res = await newRequest();
    expect(res.statusCode, res.body).toBe(200);
    const [{ service_request_id: id, token }] = res.json();
    expect(typeof id).toBe("string");
    const one = await get(`/requests/${id}.json`);
    expectValid("requests.json", one.json());
    expect(one.json()[0]).toMatchObject({ service_request_id: id, status: "open", lat: 36.06, long: 103.83 });
    expect(one.json()[0].requested_datetime).toMatch(/\+08:00$/);
    expect(one.json()[0].expected_datetime).toMatch(/\+08:00$/);
    expect(one.json()[0].agency_responsible).toContain("网格");
    expect(one.body).not.toContain("13800005678");
    expect((await get(`/tokens/${token}.json`)).json()).toEqual([{ service_request_id: id, token }]);
    const list = await get("/requests.json?status=open&service_code=neighbour");
    expectValid("requests.json", list.json());
    expect(list.json().map((r: { service_request_id: string }) => r.service_request_id)).toContain(id);
    expect((await get("/requests.json?status=closed")).json()).toEqual([]);
    expect((await get("/requests/620101-260101-0000010.json")).statusCode).toBe(404);
  });

  it("pages with page/page_size and keeps cases from other doors out of the feed", async () => {
    await newRequest();
    await newRequest();
    const all = (await get("/requests.json")).json();
    const page2 = (await get("/requests.json?page=2&page_size=1")).json();
    expect(page2).toHaveLength(1);
    expect(page2[0].service_request_id).toBe(all[1].service_request_id);
    const staffCase = await call(env, staff, {
      method: "POST",
      url: "/api/v1/cases",
      payload: {
        channel: "walk_in",
        category: "neighbour",
        title: "t",
        description: "d",
        regionCode: tree.grid,
      },
    });
    expect(all.map((r: { service_request_id: string }) => r.service_request_id)).not.toContain(
      staffCase.json().code,
    );
    expect((await get("/requests.json?start_date=not-a-date")).statusCode).toBe(400);
  });
});

describe("Open311 in XML: FixMyStreet's client flow", () => {
  it("services → POST → id → GET → updates", async () => {
    const services = await get("/services.xml");
    expect(services.headers["content-type"]).toContain("text/xml");
    expectValid("services.json", fromXml(services.body, "services", "service"));
    const def = await get("/services/neighbour.xml");
    expectValid("service-definition.json", fromXml(def.body, "service_definition", ""));

    const posted = await form("/requests.xml", {
      api_key: apiKey,
      service_code: "neighbour",
      description: "路灯坏了",
      address_string: "村口",
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const [created] = fromXml(posted.body, "service_requests", "request") as { service_request_id: string }[];
    const id = created?.service_request_id as string;

    const one = await get(`/requests/${id}.xml`);
    expectValid("requests.json", fromXml(one.body, "service_requests", "request"));

    for (const body of [{ type: "accept" }, { type: "resolve", summary: "已修复" }]) {
      const cur = await call(env, staff, { method: "GET", url: `/api/v1/cases/${id}` });
      const r = await call(env, staff, {
        method: "POST",
        url: `/api/v1/cases/${id}/commands`,
        payload: { ...body, version: cur.json().version },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const closed = fromXml((await get(`/requests/${id}.xml`)).body, "service_requests", "request") as {
      status: string;
    }[];
    expect(closed[0]?.status).toBe("closed");
    const updates = fromXml(
      (await get("/servicerequestupdates.xml")).body,
      "service_requests_updates",
      "request_update",
    ) as {
      service_request_id: string;
      status: string;
    }[];
    // Newest first, so a client that reads only the first page sees the latest state.
    expect(updates.filter((u) => u.service_request_id === id).map((u) => u.status)).toEqual([
      "FIXED",
      "IN_PROGRESS",
      "OPEN",
    ]);

    const err = await get("/requests/620101-260101-0000010.xml");
    expect(err.statusCode).toBe(404);
    expect(fromXml(err.body, "errors", "error")).toEqual([{ code: "404", description: expect.any(String) }]);
  });

  it("accepts a client's update (POST servicerequestupdates) into the case timeline", async () => {
    const [{ service_request_id: id }] = (await newRequest()).json();
    const res = await form("/servicerequestupdates.json", {
      api_key: apiKey,
      service_request_id: id,
      description: "居民补充：晚上更严重",
      update_id: "fms-1",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[0].update_id).toMatch(new RegExp(`^${id}\\.\\d+$`));
    const detail = await call(env, staff, { method: "GET", url: `/api/v1/cases/${id}` });
    expect(detail.json().timeline.at(-1)).toMatchObject({ type: "case.open311_update" });
  });
});
