import { defineConfig } from "vite";

// The citizen pages: Preact and plain CSS, served by the server at /m/. Kept apart from the
// console bundle because citizens open them from a QR code on rural phone networks.
export default defineConfig({
  base: "/m/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, target: "es2019", modulePreload: false },
  server: { proxy: { "/api": "http://127.0.0.1:3000" } },
});
