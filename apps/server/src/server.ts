import path from "node:path";
import { buildApp } from "./app";
import { bootstrap } from "./bootstrap";
import { loadConfig } from "./config";
import { startJobs } from "./jobs/timers";
import { demoPlaces, seedDemo } from "./seed/demo";
import { DEMO_PASSWORD, DEMO_USERS } from "./seed/demo-data";

/** `fengqiao start`: database, migrations, demo data on first start, HTTP, and the background jobs. */
export async function start(o: { seed: boolean } = { seed: true }) {
  const config = loadConfig();
  const runtime = await bootstrap(config);
  const { ctx } = runtime;
  const app = await buildApp(ctx, { logger: true });
  const seeded = o.seed && !config.databaseUrl ? await seedDemo(ctx) : false;
  await app.listen({ port: config.port, host: config.host });
  const url =
    config.publicUrl ?? `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${config.port}`;

  // Every node may sweep (SKIP LOCKED shares the work); FENGQIAO_JOBS=0 leaves it to a sweeper unit.
  const jobs = config.jobs
    ? startJobs(
        ctx,
        (obj, msg) => app.log.info(obj, msg),
        (err) => app.log.error({ err }, "job failed"),
      )
    : { stop: async () => {}, firstRound: Promise.resolve() };
  // At most a few seconds: a slow first sweep must not hide the address from the person starting it.
  await Promise.race([jobs.firstRound, new Promise((r) => setTimeout(r, 5_000).unref())]);
  const places = config.databaseUrl ? [] : await demoPlaces(ctx);
  printBanner(
    url,
    seeded || !config.databaseUrl,
    config.databaseUrl ? null : path.join(config.dataDir, "pg"),
    places,
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await jobs.stop();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return { app, stop };
}

/** ./data/pg under the working directory, the full path elsewhere (FENGQIAO_DATA_DIR). */
function shownPath(dir: string) {
  const rel = path.relative(process.cwd(), dir);
  return rel.startsWith("..") || path.isAbsolute(rel) ? dir : `./${rel}`;
}

function printBanner(
  url: string,
  demo: boolean,
  /** Where the embedded PostgreSQL keeps its data; null with DATABASE_URL. */
  embeddedDir: string | null,
  places: { name: string; token: string }[],
) {
  const lines = [
    "",
    `  枫桥 Fengqiao is running at ${url}`,
    `  API docs: ${url}/api/docs`,
    embeddedDir ? `  Database: embedded PostgreSQL in ${shownPath(embeddedDir)}` : "  Database: DATABASE_URL",
  ];
  if (demo) {
    lines.push(`  Demo logins (password "${DEMO_PASSWORD}"):`);
    for (const u of DEMO_USERS)
      lines.push(`    ${u.username.padEnd(10)} ${u.roles.join(",").padEnd(20)} ${u.displayName}`);
  }
  for (const p of places) lines.push(`  码上反映 ${p.name}: ${url}/m/p/${p.token}`);
  if (places.length) lines.push(`  进度查询 Track a case: ${url}/m/track`);
  lines.push("  Press Ctrl-C to stop.", "");
  process.stdout.write(`${lines.join("\n")}\n`);
}
