import { defineConfig } from "vite";

// 网格通, the grid workers' phone app: Preact and plain CSS, served by the server at /g/ with a
// hand-written service worker (public/sw.js, its precache list filled in by scripts/sw-manifest.mjs)
// so it opens with the network off.
export default defineConfig({
  base: "/g/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2019", modulePreload: false },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
