import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import {
  baseFields,
  form,
  freshAddress,
  get,
  type Open311Env,
  open311Env,
  xmlParser,
} from "./open311-fixtures";

// Items 23 and 24: what a GeoReport client may send, and what it gets back.
let o: Open311Env;
beforeAll(async () => {
  o = await open311Env();
});

const post = async (extra: Record<string, string> = {}, drop: string[] = []) => {
  const fields = { ...baseFields(o), ...extra };
  for (const k of drop) delete fields[k as keyof typeof fields];
  return form(o, "/requests.json", fields);
};
const postOk = async (extra: Record<string, string> = {}, drop: string[] = []) => {
  const res = await post(extra, drop);
  expect(res.statusCode, res.body).toBe(200);
  return res.json()[0].service_request_id as string;
};
const one = async (id: string) => (await get(o, `/requests/${id}.json`)).json()[0];
const caseRow = (code: string) =>
  o.env.ctx.db.selectFrom("cases").selectAll().where("code", "=", code).executeTakeFirstOrThrow();
const countCases = async () =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM cases`.execute(o.env.ctx.db)).rows[0]?.n);

function expectOpen311Error(res: { statusCode: number; json(): unknown }, status: number, match: RegExp) {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toEqual([{ code: String(status), description: expect.stringMatching(match) }]);
}

describe("text in and out (item 23)", () => {
  it("a description with \\r\\n comes back identical in XML and JSON", async () => {
    const description = "第一行 <b>&amp;\r\n第二行\r\n\t第三行";
    const id = await postOk({ description });
    expect((await one(id)).description).toBe(description);
    const xml = xmlParser.parse((await get(o, `/requests/${id}.xml`)).body);
    expect(xml.service_requests.request[0].description).toBe(description);
  });

  it("a NUL or another control character is a 400 and files nothing", async () => {
    const before = await countCases();
    expectOpen311Error(await post({ description: "路灯\u0000坏了" }), 400, /description/);
    expectOpen311Error(await post({ address_string: "村口\u0001" }), 400, /address_string/);
    expect(await countCases()).toBe(before);
  });

  it("an old row with a control character does not break the XML feed", async () => {
    const id = await postOk({ description: "旧数据" });
    await sql`UPDATE cases SET description = ${"旧\u0001数据\u000b"} WHERE code = ${id}`.execute(
      o.env.ctx.db,
    );
    const res = await get(o, "/requests.xml");
    expect(res.statusCode).toBe(200);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking the absence of control characters
    expect(res.body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const rows = xmlParser.parse(res.body).service_requests.request as { description: string }[];
    expect(rows.map((r) => r.description)).toContain("旧数据");
  });
});

describe("locations", () => {
  it("empty lat= and long= are absent, not 0,0", async () => {
    const id = await postOk({ lat: "", long: " " });
    expect(await one(id)).toMatchObject({ lat: null, long: null, address: "城关区某小区 3 号楼" });
    expectOpen311Error(await post({ lat: "", long: "" }, ["address_string"]), 400, /location is required/);
  });

  it("keeps address_id and shows it back", async () => {
    const id = await postOk({ address_id: "UPRN-10023" }, ["lat", "long", "address_string"]);
    expect(await one(id)).toMatchObject({ address_id: "UPRN-10023", lat: null, address: null });
  });

  it.each([
    ["0,0", "0", "0"],
    ["London", "51.5074", "-0.1278"],
  ])("refuses a point outside China (%s)", async (_name, lat, long) => {
    expectOpen311Error(await post({ lat, long }), 400, /outside the service area/);
  });

  it("refuses a point far from the county once boundaries in it are known", async () => {
    const square = [
      [103.5, 35.8],
      [104.2, 35.8],
      [104.2, 36.4],
      [103.5, 36.4],
      [103.5, 35.8],
    ];
    const geojson = JSON.stringify({ type: "Polygon", coordinates: [square] });
    await sql`UPDATE regions SET geojson = ${geojson}::jsonb WHERE code = ${o.tree.county}`.execute(
      o.env.ctx.db,
    );
    try {
      expectOpen311Error(await post({ lat: "39.9", long: "116.4" }), 400, /not in or near the county/);
      await postOk({ lat: "36.06", long: "103.83" });
      await postOk({ lat: "36.5", long: "104.3" }); // just outside the line: still near
    } finally {
      await sql`UPDATE regions SET geojson = NULL WHERE code = ${o.tree.otherGrid}`.execute(o.env.ctx.db);
    }
  });
});

describe("what a client may send", () => {
  it("description is optional", async () => {
    const id = await postOk({}, ["description"]);
    expect((await one(id)).description).toContain("城关区某小区 3 号楼");
  });

  it("keeps media_url, attributes and the email (sealed)", async () => {
    const email = `resident.${randomBytes(3).toString("hex")}@example.com`;
    const res = await form(o, "/requests.json", [
      ...Object.entries(baseFields(o)),
      ["media_url", "https://img.example.com/p/1.jpg"],
      ["email", email],
      ["attribute[depth]", "30cm"],
      ["attribute[kinds][]", "noise"],
      ["attribute[kinds][]", "rubbish"],
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json()[0].service_request_id as string;
    expect((await one(id)).media_url).toBe("https://img.example.com/p/1.jpg");
    const c = await caseRow(id);
    const x = (
      await sql<{ media_url: string; attributes: unknown; email_enc: string }>`
        SELECT media_url, attributes, email_enc FROM open311_requests WHERE case_id = ${c.id}`.execute(
        o.env.ctx.db,
      )
    ).rows[0];
    expect(x?.attributes).toEqual({ depth: "30cm", kinds: ["noise", "rubbish"] });
    expect(x?.email_enc).not.toContain(email);
    expect(o.env.ctx.pd.decrypt(x?.email_enc as string)).toBe(email);
    expect((await get(o, `/requests/${id}.json`)).body).not.toContain(email);
    expectOpen311Error(await post({ media_url: "javascript:alert(1)" }), 400, /media_url/);
    expectOpen311Error(await post({ email: "not-an-email" }), 400, /email/);
  });

  it("accepts multipart/form-data, files in it dropped", async () => {
    const boundary = `----o311${randomBytes(6).toString("hex")}`;
    const parts = Object.entries({ ...baseFields(o), description: "多部分表单" }).map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
    );
    const file = `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nxxxx\r\n`;
    const res = await o.env.app.inject({
      method: "POST",
      url: "/open311/v2/requests.xml",
      remoteAddress: freshAddress(),
      headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: `${parts.join("")}${file}--${boundary}--\r\n`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const id = xmlParser.parse(res.body).service_requests.request[0].service_request_id as string;
    expect((await one(id)).description).toBe("多部分表单");
  });

  it("accepts a phone from abroad, kept in E.164", async () => {
    const id = await postOk({ phone: "+44 7700 900123" });
    const c = await caseRow(id);
    expect(o.env.ctx.pd.decrypt(c.reporter_phone_enc as string)).toBe("+447700900123");
    const cn = await postOk({ phone: "+86 138-0000-5678" });
    expect(o.env.ctx.pd.decrypt((await caseRow(cn)).reporter_phone_enc as string)).toBe("13800005678");
    expectOpen311Error(await post({ phone: "call me" }), 400, /phone/);
  });

  it("counts .json and .xml POSTs in one rate-limit bucket per client", async () => {
    const ip = freshAddress();
    const codes: number[] = [];
    for (let i = 0; i < 61; i += 1) {
      const ext = i % 2 === 0 ? "json" : "xml";
      codes.push(
        (await form(o, `/requests.${ext}`, { api_key: o.apiKey, service_code: "nope" }, ip)).statusCode,
      );
    }
    expect(codes.slice(0, 60).every((c) => c === 400)).toBe(true);
    expect(codes[60]).toBe(429);
  });
});

describe("dates, paging and unknown paths", () => {
  it.each([
    ["start_date=1", /start_date/],
    ["end_date=2026-13-45T99:00:00Z", /end_date/],
    ["start_date=2026-11-02&end_date=2026-11-01", /after end_date/],
    ["start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00+08:00", /90 days/],
  ])("refuses %s on requests and updates", async (query, match) => {
    expectOpen311Error(await get(o, `/requests.json?${query}`), 400, match);
    expectOpen311Error(await get(o, `/servicerequestupdates.json?${query}`), 400, match);
  });

  it("takes W3C days and datetimes", async () => {
    const now = o.env.ctx.clock.now();
    const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await get(o, `/requests.json?start_date=${day}`)).statusCode).toBe(200);
    const iso = encodeURIComponent(new Date(now.getTime() - 3600_000).toISOString());
    expect((await get(o, `/servicerequestupdates.json?start_date=${iso}`)).statusCode).toBe(200);
    // Only a start long ago: the 90 days from it, not a refusal.
    expect((await get(o, "/requests.json?start_date=2020-01-01")).statusCode).toBe(200);
  });

  it("servicerequestupdates: newest first, paged, within start_date/end_date", async () => {
    await postOk();
    const all = (await get(o, "/servicerequestupdates.json")).json() as { updated_datetime: string }[];
    expect(all.length).toBeGreaterThan(2);
    const times = all.map((u) => Date.parse(u.updated_datetime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const page2 = (await get(o, "/servicerequestupdates.json?page=2&page_size=1")).json();
    expect(page2).toEqual([all[1]]);
    const future = encodeURIComponent(new Date(o.env.ctx.clock.now().getTime() + 3600_000).toISOString());
    expect((await get(o, `/servicerequestupdates.json?start_date=${future}`)).statusCode).toBe(400);
  });

  it("an unknown path answers GeoReport's error list, XML unless .json", async () => {
    const xml = await get(o, "/nonsense");
    expect(xml.statusCode).toBe(404);
    expect(xml.headers["content-type"]).toContain("text/xml");
    expect(xmlParser.parse(xml.body).errors.error).toEqual([
      { code: "404", description: expect.any(String) },
    ]);
    expectOpen311Error(await get(o, "/nonsense.json"), 404, /./);
    expect((await get(o, "/requests.csv")).statusCode).toBe(404);
    expect(xmlParser.parse((await get(o, "/requests.csv")).body).errors.error[0].code).toBe("404");
  });
});
