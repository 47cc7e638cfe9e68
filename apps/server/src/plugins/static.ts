import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

const APPS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** Built front ends, when present: the staff console at `/`, the citizen pages at `/m/`, 网格通 at `/g/`. */
export const WEB_DIST = path.join(APPS, "web/dist");
export const CITIZEN_DIST = path.join(APPS, "citizen/dist");
/** 网格通, the grid workers' phone app at `/g/` (issue 12). */
export const FIELD_DIST = path.join(APPS, "field/dist");

export async function registerStatic(app: FastifyInstance) {
  const hasWeb = existsSync(path.join(WEB_DIST, "index.html"));
  const hasCitizen = existsSync(path.join(CITIZEN_DIST, "index.html"));
  if (hasCitizen) {
    await app.register(fastifyStatic, {
      root: CITIZEN_DIST,
      prefix: "/m/",
      decorateReply: !hasWeb,
      // Built assets have .br/.gz twins (scripts/precompress.mjs): citizens on 3G get a third of the bytes.
      preCompressed: true,
    });
  }
  const hasField = existsSync(path.join(FIELD_DIST, "index.html"));
  if (hasField) {
    await app.register(fastifyStatic, {
      root: FIELD_DIST,
      prefix: "/g/",
      decorateReply: !hasWeb && !hasCitizen,
      preCompressed: true,
      // The service worker and the manifest are looked for again on each visit, so a new build reaches
      // the phones; the hashed assets under /g/assets/ never change and may be kept for long.
      setHeaders: (res, file: string) => {
        if (/[/\\](sw\.js|index\.html|manifest\.webmanifest)(\.br|\.gz)?$/.test(file))
          res.header("cache-control", "no-cache");
        else if (/[/\\]assets[/\\]/.test(file))
          res.header("cache-control", "public, max-age=31536000, immutable");
      },
    });
  }
  if (hasWeb) {
    // No wildcard route: files are listed at start-up, so an unknown /open311/… or /api/… path still
    // reaches its own prefix's not-found handler instead of this root one.
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: "/", preCompressed: true, wildcard: false });
  }
  return { hasWeb, hasCitizen, hasField };
}

/** Client-side routes (/cases/…, /m/track …) get their app's index.html. */
export function spaFallback(url: string): { root: string; file: string } | null {
  if (url.startsWith("/api/") || url.startsWith("/open311/")) return null;
  if (url.startsWith("/g/") || url === "/g") {
    return existsSync(path.join(FIELD_DIST, "index.html")) ? { root: FIELD_DIST, file: "index.html" } : null;
  }
  if (url.startsWith("/m/") || url === "/m") {
    return existsSync(path.join(CITIZEN_DIST, "index.html"))
      ? { root: CITIZEN_DIST, file: "index.html" }
      : null;
  }
  return existsSync(path.join(WEB_DIST, "index.html")) ? { root: WEB_DIST, file: "index.html" } : null;
}
