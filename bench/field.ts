// 网格通 (/g/, issue 12): (a) first-load JS+CSS gzip bytes (budget ≤ 150 KB); (b) the login screen
// usable on a cold first visit under Chromium's network emulation at 400 ms latency and 50,000 B/s
// (target < 3 s); (c) how long after the network comes back a write queued offline is on the server
// (target ≤ 5 s). Real server on a fresh embedded PostgreSQL, Debian's Chromium at 390 × 844.
//   node --import tsx bench/field.ts        (or `npm run bench field`)
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { launchBrowser, startServer } from "../e2e/console-harness";
import { apiAs, gridCase, loginPhone, openItems, openPhone, queueNote } from "../e2e/field-harness";
import { kb } from "./citizen-size";
import { FIELD_LIMIT_BYTES, fieldGzipSize } from "./field-size";
import { writeResult } from "./results";

const RUNS = Number(process.env.BENCH_FIELD_RUNS ?? 5);
const NETWORK = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

async function coldLoginMs(browser: Browser, url: string): Promise<number> {
  const s = await openPhone(browser, url);
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", NETWORK);
  const t0 = Date.now();
  await s.page.goto("/g/", { waitUntil: "commit" });
  await s.page.locator("#username").waitFor();
  const ms = Date.now() - t0;
  await s.context.close();
  return ms;
}

export async function benchField() {
  const size = fieldGzipSize();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) cold.push(await coldLoginMs(browser, server.url));

    const hotline = await apiAs(server.url, "hotline");
    const code = await gridCase(hotline.call, "测速：离线备注同步");
    const phone = await openPhone(browser, server.url);
    await loginPhone(phone.page, "grid");
    await phone.page.goto(`/g/c/${code}`);
    await phone.page.getByTestId("case").waitFor();
    const sync: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await phone.context.setOffline(true);
      await queueNote(phone.page, `测速备注 ${i + 1}`);
      // The phone has tried and failed once: the item sits in back-off, as in a field without signal.
      await phone.page.locator('[data-testid="outbox-item"][data-state="pending"]').first().waitFor();
      await new Promise((r) => setTimeout(r, 1500));
      await phone.context.setOffline(false);
      const t0 = Date.now();
      while ((await openItems(phone.page)) > 0) await new Promise((r) => setTimeout(r, 50));
      sync.push(Date.now() - t0);
    }
    await hotline.dispose();
    const result = {
      firstLoadGzipKB: kb(size.gzipBytes),
      firstLoadLimitKB: kb(FIELD_LIMIT_BYTES),
      files: size.files,
      coldLoginReadyMs: { median: median(cold), runs: cold, network: NETWORK, targetMs: 3000 },
      syncAfterReconnectMs: { median: median(sync), max: Math.max(...sync), runs: sync, targetMs: 5000 },
    };
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const result = await benchField();
  console.log(JSON.stringify(result, null, 2));
  writeResult("field", result);
  process.exit(0);
}
