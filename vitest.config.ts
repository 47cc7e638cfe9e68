import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The browser journeys run one at a time (maxWorkers 1 below): each drives its own server and Chromium.
    projects: [
      { test: { name: "core", include: ["packages/core/src/**/*.test.ts"] } },
      // Pure web logic (wording, formatting); pages are covered by the e2e project.
      // apps/field's outbox rules (issue 12) run here too: pure logic, no browser.
      { test: { name: "web", include: ["apps/web/src/**/*.test.ts", "apps/field/src/**/*.test.ts"] } },
      {
        test: {
          name: "server",
          include: ["apps/server/src/**/*.test.ts", "apps/server/test/**/*.test.ts"],
          globalSetup: ["apps/server/test/global-setup.ts"],
          // One module graph per worker instead of per file: importing the app (Fastify, Kysely, every
          // module) cost ~1.7 s per file, a third of the suite. Each file still gets its own database
          // (testEnv), and process-wide state is keyed by app (sessions, timers), not by module.
          // Suites that spawn the CLI (audit, backup, clock) start a whole app per call; beside a browser
          // journey on the other core they need more than the usual 30 s.
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["e2e/**/*.e2e.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 240_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
