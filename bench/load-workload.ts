import { randomBytes, randomUUID } from "node:crypto";
import http from "node:http";

// The load bench's workload: what a grid worker, a cadre or a citizen does next, as HTTP requests.
// Reads 70 % (workbench, case lists, case detail), writes 30 % (a case command, a citizen's report,
// a photo upload), fixed by the two cycles below and the staff:citizen ratio of 85:15.

export interface Target {
  port: number;
  agent: http.Agent;
}

export interface Sample {
  op: Op;
  ms: number;
  status: number; // 0 = no answer (connection refused, reset)
}

export type Op = "workbench" | "list" | "detail" | "command" | "report" | "upload";
export const READS: Op[] = ["workbench", "list", "detail"];

/** Share of simulated people who are staff; the rest are citizens. */
export const STAFF_SHARE = 0.85;

// Staff: workbench 4, list 5, detail 5, note 3 of 17 — each note right after opening the case, as in
// the console. Citizens: upload 7, report 8 of 15 — a report carries the photo uploaded just before.
// 0.85 × 14/17 = 0.70 reads overall.
const STAFF_CYCLE: Op[] = [
  "workbench",
  "list",
  "detail",
  "command",
  "list",
  "detail",
  "workbench",
  "list",
  "detail",
  "command",
  "detail",
  "workbench",
  "list",
  "detail",
  "command",
  "list",
  "workbench",
];
const CITIZEN_CYCLE: Op[] = [
  ...Array.from({ length: 7 }, () => ["upload", "report"] as Op[]).flat(),
  "report",
];

// The lists a worker opens: the default, the filters of the list screen, a search and the workbench's "mine".
const LIST_QUERIES = [
  "limit=50",
  "limit=50&status=accepted",
  "limit=50&category=labour",
  `limit=50&q=${encodeURIComponent("欠薪")}`,
  "limit=50&sort=due",
  "limit=50&queue=mine",
];

export interface Session {
  cookie: string;
  csrf: string;
}

/** One simulated person: staff with a session, or a citizen who scanned a village's QR code. */
export class Person {
  private i: number;
  private known: string[] = [];
  private current: { id: string; version: number } | null = null;
  private photo: string | null = null;
  private readonly ip: string;

  constructor(
    readonly session: Session | null,
    readonly placeToken: string | null,
    private readonly photoBytes: Buffer,
  ) {
    this.i = Math.floor(Math.random() * 17);
    this.ip = randomIp();
  }

  /** Sends this person's next request to `t` and times it. */
  async next(t: Target): Promise<Sample> {
    const cycle = this.session ? STAFF_CYCLE : CITIZEN_CYCLE;
    let op = cycle[this.i++ % cycle.length] as Op;
    // Nothing opened yet (the first requests of a run): look at a list first, as a person would.
    if (op === "command" && !this.current) op = "detail";
    if (op === "detail" && this.known.length === 0) op = "list";
    const t0 = performance.now();
    const res = await this.send(t, op).catch(() => ({ status: 0, body: Buffer.alloc(0) }));
    const ms = performance.now() - t0;
    if (res.status >= 200 && res.status < 300) this.learn(op, res.body);
    else if (op === "command") this.current = null; // a conflict: open the case again
    return { op, ms, status: res.status };
  }

  private send(t: Target, op: Op) {
    const s = this.session;
    const staff: Record<string, string> = s ? { cookie: s.cookie, "x-forwarded-for": this.ip } : {};
    switch (op) {
      case "workbench":
        return request(t, "GET", "/api/v1/workbench", staff);
      case "list":
        return request(t, "GET", `/api/v1/cases?${pick(LIST_QUERIES)}`, staff);
      case "detail":
        return request(t, "GET", `/api/v1/cases/${pick(this.known)}`, staff);
      case "command": {
        const c = this.current as { id: string; version: number };
        const body = JSON.stringify({
          type: "note",
          version: c.version,
          text: "已电话联系当事人，约定明日上门调解。",
        });
        return request(
          t,
          "POST",
          `/api/v1/cases/${c.id}/commands`,
          { ...staff, "x-csrf-token": s?.csrf ?? "", "content-type": "application/json" },
          body,
        );
      }
      case "upload": {
        // Each citizen request comes from its own address (a proxy's X-Forwarded-For): per-IP limits
        // are for one phone, and the bench plays thousands of them.
        const boundary = `----fq${randomBytes(8).toString("hex")}`;
        const head = `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
        const payload = Buffer.concat([
          Buffer.from(head),
          this.photoBytes,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        return request(
          t,
          "POST",
          "/api/public/uploads",
          { "content-type": `multipart/form-data; boundary=${boundary}`, "x-forwarded-for": randomIp() },
          payload,
        );
      }
      case "report": {
        const body = JSON.stringify({
          token: this.placeToken,
          kind: "case",
          category: "neighbour",
          description: "楼上邻居夜间装修，噪音严重影响休息，多次沟通无果。",
          photos: this.photo ? [this.photo] : [],
          anonymous: false,
          name: "张三",
          phone: `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`,
          consent: true,
        });
        this.photo = null;
        return request(
          t,
          "POST",
          "/api/public/reports",
          {
            "content-type": "application/json",
            "idempotency-key": randomUUID(),
            "x-forwarded-for": randomIp(),
          },
          body,
        );
      }
    }
  }

  private learn(op: Op, body: Buffer) {
    const j = JSON.parse(body.toString("utf8"));
    // An empty queue or list leaves what the person saw before: there is still a case to open.
    if (op === "workbench" || op === "list") {
      const ids = ((op === "workbench" ? j.queue : j.items) as { id: string }[]).map((c) => c.id);
      if (ids.length) this.known = ids.slice(0, 50);
    } else if (op === "detail" || op === "command") this.current = { id: j.id, version: j.version };
    else if (op === "upload") this.photo = j.id;
  }
}

export function request(
  t: Target,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port: t.port, method, path, headers, agent: t.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const randomIp = () =>
  `10.${(Math.random() * 256) | 0}.${(Math.random() * 256) | 0}.${1 + ((Math.random() * 254) | 0)}`;
