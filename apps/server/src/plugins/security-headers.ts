import helmet from "@fastify/helmet";
import type { FastifyInstance, FastifyRequest } from "fastify";

/**
 * The Content-Security-Policy of every page the server sends: the console (/), the citizen pages
 * (/m/) and the API docs. Scripts only from this origin, never inline (the built index.html files
 * carry none: the citizen page's early place lookup is /m/prefetch.js). Styles allow 'unsafe-inline'
 * because antd 6 writes its CSS-in-JS as <style> tags at run time (a nonce would need the static
 * index.html templated per response); inline CSS cannot run script, so this is the small price.
 */
export const CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  // Photos are shown from blob: previews before upload; QR codes and icons are data: URLs.
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

/**
 * The printable pages the server renders itself (posters, receipts, agreements, minutes under
 * /api/…): their 打印 buttons are inline handlers, so script-src keeps 'unsafe-inline' there — the
 * pages hold only server-escaped text and connect nowhere. Moving those handlers to a file is open.
 */
const PRINT_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const HSTS = "max-age=31536000; includeSubDomains";

/** Over TLS: the socket itself, or (FENGQIAO_TRUST_PROXY) a proxy's X-Forwarded-Proto: https. */
export const overTls = (req: FastifyRequest) => req.protocol === "https";

function secureCookies(value: unknown): unknown {
  const add = (c: string) => (/;\s*secure\b/i.test(c) ? c : `${c}; Secure`);
  if (Array.isArray(value)) return value.map((c) => add(String(c)));
  return typeof value === "string" ? add(value) : value;
}

export async function registerSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Only over TLS (below): on plain HTTP the header means nothing and misleads.
    hsts: false,
    frameguard: { action: "deny" },
    // Case codes and tokens sit in paths: no other site learns them from a Referer.
    referrerPolicy: { policy: "same-origin" },
  });
  app.addHook("onSend", async (req, reply, payload) => {
    if (overTls(req)) {
      reply.header("strict-transport-security", HSTS);
      const cookies = reply.getHeader("set-cookie");
      if (cookies !== undefined) reply.header("set-cookie", secureCookies(cookies) as string[]);
    }
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html") && req.url.startsWith("/api/")) {
      reply.header("content-security-policy", PRINT_CSP);
    }
    return payload;
  });
}
