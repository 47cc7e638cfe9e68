import { beforeAll, describe, expect, it } from "vitest";
import { call } from "./helpers";
import { baseFields, form, get, type Open311Env, open311Env, xmlParser } from "./open311-fixtures";

// Item 22: every endpoint's XML has the element names and nesting of GeoReport v2 (and of
// mySociety's servicerequestupdates extension, as FixMyStreet's Open311.pm parses it).
let o: Open311Env;
beforeAll(async () => {
  o = await open311Env();
});

type Doc = Record<string, unknown>;
/** The document under its one root, after checking that root's name. */
function rootOf(xml: string, root: string): Doc {
  const parsed = xmlParser.parse(xml) as Doc;
  expect(Object.keys(parsed).filter((k) => k !== "?xml")).toEqual([root]);
  return parsed[root] as Doc;
}
const keys = (v: unknown) => Object.keys(v as Doc).sort();

const REQUEST_FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
].sort();

describe("Open311 XML shapes", () => {
  it("discovery: <discovery><endpoints><endpoint>…<formats><format/></formats>", async () => {
    const res = await get(o, "/discovery.xml");
    expect(res.headers["content-type"]).toContain("text/xml");
    const d = rootOf(res.body, "discovery");
    expect(keys(d)).toEqual(["changeset", "contact", "endpoints", "key_service"]);
    const endpoints = (d.endpoints as Doc).endpoint as Doc[];
    expect(endpoints).toHaveLength(1);
    const endpoint = endpoints[0] as Doc;
    expect(keys(endpoint)).toEqual(["changeset", "formats", "specification", "type", "url"]);
    expect((endpoint.formats as Doc).format).toEqual(["text/xml", "application/json"]);
    expect(endpoint.url).toMatch(/\/open311\/v2$/);
  });

  it("services: <services><service> with the spec's fields", async () => {
    const s = rootOf((await get(o, "/services.xml")).body, "services");
    const services = s.service as Doc[];
    expect(services.length).toBeGreaterThan(1);
    for (const svc of services) {
      expect(keys(svc)).toEqual(
        ["description", "group", "keywords", "metadata", "service_code", "service_name", "type"].sort(),
      );
    }
  });

  it("service definition: <service_definition><service_code/><attributes/>", async () => {
    const d = rootOf((await get(o, "/services/neighbour.xml")).body, "service_definition");
    expect(keys(d)).toEqual(["attributes", "service_code"]);
    expect(d.service_code).toBe("neighbour");
  });

  it("POST, GET one, GET list and token: <service_requests><request>…", async () => {
    const posted = await form(o, "/requests.xml", baseFields(o));
    expect(posted.statusCode, posted.body).toBe(200);
    const created = (rootOf(posted.body, "service_requests").request as Doc[])[0] as Doc;
    expect(keys(created)).toEqual(["account_id", "service_notice", "service_request_id", "token"]);
    const id = created.service_request_id as string;

    const one = rootOf((await get(o, `/requests/${id}.xml`)).body, "service_requests");
    expect((one.request as Doc[]).map(keys)).toEqual([REQUEST_FIELDS]);
    const all = rootOf((await get(o, "/requests.xml")).body, "service_requests");
    for (const r of all.request as Doc[]) expect(keys(r)).toEqual(REQUEST_FIELDS);

    const token = rootOf((await get(o, `/tokens/${created.token}.xml`)).body, "service_requests");
    expect(token.request).toEqual([{ service_request_id: id, token: created.token }]);
  });

  it("errors: <errors><error><code/><description/></error></errors>", async () => {
    const res = await get(o, "/requests/620101-260101-0000010.xml");
    expect(res.statusCode).toBe(404);
    const e = rootOf(res.body, "errors");
    expect(e.error).toEqual([{ code: "404", description: expect.any(String) }]);
  });

  it("updates: <service_requests_updates><request_update>…, POST <service_request_updates>", async () => {
    const posted = await form(o, "/requests.json", baseFields(o));
    const id = posted.json()[0].service_request_id as string;
    const cur = await call(o.env, o.staff, { method: "GET", url: `/api/v1/cases/${id}` });
    const accepted = await call(o.env, o.staff, {
      method: "POST",
      url: `/api/v1/cases/${id}/commands`,
      payload: { type: "accept", version: cur.json().version },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const list = rootOf((await get(o, "/servicerequestupdates.xml")).body, "service_requests_updates");
    const updates = list.request_update as Doc[];
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) {
      expect(keys(u)).toEqual(
        ["description", "media_url", "service_request_id", "status", "update_id", "updated_datetime"].sort(),
      );
    }
    const res = await form(o, "/servicerequestupdates.xml", {
      api_key: o.apiKey,
      service_request_id: id,
      description: "居民补充",
    });
    expect(res.statusCode, res.body).toBe(200);
    const answer = rootOf(res.body, "service_request_updates");
    expect(answer.request_update).toEqual([{ update_id: expect.stringMatching(new RegExp(`^${id}\\.`)) }]);
  });
});
