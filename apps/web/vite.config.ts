import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The console is served by the Fastify server from apps/web/dist; in dev, /api is proxied to it.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // bench/web-size.ts reads the manifest to measure each route's JS+CSS.
    manifest: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      treeshake: {
        // @fengqiao/core has no module-level side effects (constants, schemas, pure functions) but does
        // not say so in its package.json. Saying it here lets the shell and the workbench take
        // access/warnings/categories without zod and the holiday calendar (schemas.ts, policy.ts).
        moduleSideEffects: (id) => !/[\\/]packages[\\/]core[\\/]src[\\/]/.test(id),
      },
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
