import QRCode from "qrcode";

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Every value printed into our HTML pages goes through this: names come from user input. */
export const esc = (v: unknown): string => String(v ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** QR code as inline SVG: prints sharp at any size and needs no image request. */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
}

/** The public base URL: configured, or what the request came in on (posters are printed from the console). */
export function publicBase(configured: string | null, req: { protocol: string; host: string }): string {
  return (configured ?? `${req.protocol}://${req.host}`).replace(/\/$/, "");
}

export function printPage(title: string, css: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${css}</style></head>
<body>${body}</body></html>`;
}
