import { parseArgs } from "node:util";
import { isAppError, ROLES, type Role } from "@fengqiao/core";
import { bootstrap } from "./bootstrap";
import { loadConfig } from "./config";
import { sweepClocks } from "./jobs/clock-sweep";
import { forwardDurationMs } from "./lib/clock";
import { verifyAuditChain } from "./modules/audit/audit";
import { rollupCommand } from "./modules/dashboard/rollup-cli";
import { importCommand } from "./modules/import/import-cli";
import { backupCommand, restoreCommand } from "./modules/safety/backup-cli";
import { keysCommand } from "./modules/safety/keys-cli";
import { runRetention } from "./modules/safety/retention";
import { createUser } from "./modules/users/users.commands";
import { seedDemo } from "./seed/demo";
import { PROVINCE, seedSynthetic, TINY } from "./seed/synthetic";
import { start } from "./server";

const HELP = `fengqiao — 枫桥 grassroots dispute resolution

  fengqiao start                 start the server (embedded PostgreSQL unless DATABASE_URL is set)
  fengqiao migrate               apply database migrations
  fengqiao seed demo             load the demo county (only into an empty database)
  fengqiao seed synthetic --cases N [--shape province|tiny] [--no-events]
                                 a synthetic province (14 cities … 100,800 grids) and N cases over five
                                 years with their events, for benchmarks (placeholder audit hashes)
  fengqiao admin create --username U --password P --region CODE [--roles admin] [--name NAME]
  fengqiao audit verify          check every case's hash-chained audit trail
  fengqiao rollup rebuild        recompute the dashboard rollup from cases, report differences, replace it
  fengqiao rollup check          the same comparison without replacing anything (exit 1 on a difference)
  fengqiao keys rotate [--batch=500]  re-seal personal data with the current key (resumable, no downtime)
  fengqiao keys status           sealed values per key version (exit 1 while any is not current)
  fengqiao keys lookup-key       print the lookup-hash key to keep as FENGQIAO_LOOKUP_KEY before retiring v1
  fengqiao backup [--out DIR]    database + uploads + manifest (sha256 of every file) into a new folder
  fengqiao restore DIR           verify a backup's manifest and checksums, then restore it into an empty database
  fengqiao retention run         anonymise closed cases past FENGQIAO_RETENTION_YEARS (personal data, photos)
  fengqiao clock advance P2D     move the test clock (FENGQIAO_TEST_CLOCK=1 only) and sweep
  fengqiao import FILE.xlsx …    load a county's workbooks (regions, units, staff, households, QR places)
                                 [--region CODE] [--report errors.xlsx] [--accounts accounts.xlsx]
`;

async function withRuntime<T>(fn: (rt: Awaited<ReturnType<typeof bootstrap>>) => Promise<T>): Promise<T> {
  const rt = await bootstrap(loadConfig());
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function syntheticCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: "string" },
      shape: { type: "string", default: "province" },
      "no-events": { type: "boolean", default: false },
    },
  });
  const cases = Number(values.cases);
  if (!Number.isInteger(cases) || cases < 0 || !["province", "tiny"].includes(values.shape ?? "")) {
    console.error("usage: fengqiao seed synthetic --cases N [--shape province|tiny] [--no-events]");
    return 2;
  }
  return withRuntime(async ({ ctx }) => {
    // Synthetic timelines carry placeholder hashes (audit verify rejects them) and the rollup is
    // rebuilt: never mix them into a database that holds real cases.
    const real = await ctx.db
      .selectFrom("cases")
      .select("id")
      .where("code", "not like", "S-%")
      .limit(1)
      .executeTakeFirst();
    if (real) {
      console.error(
        "seed synthetic: this database holds real cases; run it on an empty one (FENGQIAO_DATA_DIR or DATABASE_URL)",
      );
      return 2;
    }
    const r = await seedSynthetic(ctx.db, {
      cases,
      now: ctx.clock.now(),
      shape: values.shape === "tiny" ? TINY : PROVINCE,
      events: !values["no-events"],
      log: (m) => console.log(m),
    });
    console.log(JSON.stringify(r));
    return 0;
  });
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  switch (cmd) {
    case "start":
      await start();
      return -1; // keeps running
    case "migrate":
      await withRuntime(async (rt) =>
        console.log(`database migrated (${rt.databaseUrl.replace(/:[^:@/]*@/, ":***@")})`),
      );
      return 0;
    case "seed":
      if (sub === "synthetic") return syntheticCommand(rest);
      if (sub !== "demo") break;
      return withRuntime(async ({ ctx }) => {
        console.log((await seedDemo(ctx)) ? "demo data loaded" : "database not empty: demo data not loaded");
        return 0;
      });
    case "admin": {
      if (sub !== "create") break;
      const { values } = parseArgs({
        args: rest,
        options: {
          username: { type: "string" },
          password: { type: "string" },
          region: { type: "string" },
          roles: { type: "string", default: "admin" },
          name: { type: "string" },
        },
      });
      const roles = (values.roles ?? "admin").split(",") as Role[];
      if (!values.username || !values.password || !values.region || roles.some((r) => !ROLES.includes(r))) {
        console.error("usage: fengqiao admin create --username U --password P --region CODE [--roles admin]");
        return 2;
      }
      return withRuntime(async ({ ctx }) => {
        try {
          const u = await createUser(ctx.db, {
            username: values.username as string,
            displayName: values.name ?? (values.username as string),
            password: values.password as string,
            roles,
            regionCode: values.region as string,
            unitId: null,
          });
          console.log(`user ${u.username} created (${u.id})`);
          return 0;
        } catch (err) {
          // The password policy's words (README: Hostile input and headers).
          if (!isAppError(err)) throw err;
          console.error(`${err.messages.zh} / ${err.messages.en}`);
          return 2;
        }
      });
    }
    case "audit":
      if (sub !== "verify") break;
      return withRuntime(async ({ ctx }) => {
        const r = await verifyAuditChain(ctx.db);
        if (r.ok)
          console.log(
            `audit chain intact: ${r.casesChecked} cases, ${r.tasksChecked} tasks, ${r.eventsChecked} events`,
          );
        else {
          const b = r.firstBroken;
          const where = b?.taskId ? `case ${b.caseCode} task ${b.taskId}` : `case ${b?.caseCode}`;
          console.error(`audit chain BROKEN at ${where} event #${b?.seq}: ${b?.reason}`);
        }
        return r.ok ? 0 : 1;
      });
    case "clock":
      if (sub !== "advance" || !rest[0]) break;
      return withRuntime(async ({ ctx }) => {
        if (!ctx.clock.testMode) {
          console.error("the test clock is off: start with FENGQIAO_TEST_CLOCK=1 (refused in production)");
          return 2;
        }
        // The API's own rule, so both refuse the same durations with the same words.
        let ms: number;
        try {
          ms = forwardDurationMs(rest[0] as string);
        } catch (err) {
          if (!isAppError(err)) throw err;
          console.error(`${err.messages.zh} / ${err.messages.en}`);
          return 1;
        }
        await ctx.clock.refresh();
        const now = await ctx.clock.advance(ms);
        const swept = await sweepClocks(ctx);
        console.log(
          `clock now ${now.toISOString()}; escalated ${swept.escalated}, overdue ${swept.overdue}, warned ${swept.warned}`,
        );
        return 0;
      });
    case "import":
      return withRuntime(({ ctx }) => importCommand(ctx, argv.slice(1)));
    case "keys":
      if (sub !== "rotate" && sub !== "status" && sub !== "lookup-key") break;
      return withRuntime(({ ctx }) => keysCommand(ctx, sub, rest));
    case "backup":
      return withRuntime((rt) =>
        backupCommand(
          rt,
          [sub, ...rest].filter((x): x is string => x !== undefined),
        ),
      );
    case "restore":
      return withRuntime((rt) =>
        restoreCommand(
          rt,
          [sub, ...rest].filter((x): x is string => x !== undefined),
        ),
      );
    case "retention":
      if (sub !== "run") break;
      return withRuntime(async ({ ctx }) => {
        const r = await runRetention(ctx);
        console.log(
          r.cutoff === null
            ? "retention is off (FENGQIAO_RETENTION_YEARS=0)"
            : `${r.cases} cases closed before ${r.cutoff} anonymised: ${r.sealedFields} personal fields removed, ${r.photos} photos deleted`,
        );
        return 0;
      });
    case "rollup":
      if (sub !== "rebuild" && sub !== "check") break;
      return withRuntime(({ ctx }) => rollupCommand(ctx.db, sub === "rebuild"));
    case undefined:
    case "help":
    case "--help":
      console.log(HELP);
      return 0;
  }
  console.error(HELP);
  return 2;
}
