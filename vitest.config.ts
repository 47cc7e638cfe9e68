import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
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
          setupFiles: ["apps/server/test/setup-close-envs.ts"],
          // One module graph for the whole suite: importing the app (Fastify, every module) again for
          // each of ~80 files was about a third of the suite's time. Files still run one at a time;
          // each test file builds its own app and database (helpers.testEnv), so no state is shared
          // through modules — the session cache, the one module-level store, is keyed by app.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: { name: "e2e", include: ["e2e/**/*.e2e.test.ts"], testTimeout: 120_000, hookTimeout: 240_000 },
      },
    ],
  },
});
