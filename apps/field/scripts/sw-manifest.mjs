#!/usr/bin/env node
// After `vite build`: list every file of dist in the service worker's PRECACHE and stamp VERSION with
// a hash of them, so each build installs as a new worker with its own complete shell.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const dist = path.resolve(process.argv[2] ?? "dist");
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (!/\.(br|gz)$/.test(name) && name !== "sw.js") files.push(file);
  }
})(dist);
files.sort();
const hash = createHash("sha256");
for (const f of files) hash.update(f).update(readFileSync(f));
const urls = files.map((f) => `/g/${path.relative(dist, f).split(path.sep).join("/")}`);
const swPath = path.join(dist, "sw.js");
const sw = readFileSync(swPath, "utf8")
  .replace('const VERSION = "dev";', `const VERSION = "${hash.digest("hex").slice(0, 12)}";`)
  .replace("const PRECACHE = [];", `const PRECACHE = ${JSON.stringify(urls)};`);
if (!sw.includes("/g/index.html")) throw new Error("sw-manifest: PRECACHE not filled in");
writeFileSync(swPath, sw);
console.log(`sw.js: ${urls.length} files precached`);
