import { randomBytes } from "node:crypto";
import sharp from "sharp";
import { expect } from "vitest";
import { call, type Session, type TestEnv } from "./helpers";

let ipCounter = 0;
let phoneCounter = 0;

/** A fresh client address per call: public routes are rate-limited per IP, tests are not the abuse. */
export const freshIp = () => {
  ipCounter += 1;
  return `10.${(ipCounter >> 8) & 255}.${ipCounter & 255}.${Math.floor(Math.random() * 250) + 1}`;
};

/** A fresh mobile number: the per-phone limit counts across the whole test file. */
export const freshPhone = () => {
  phoneCounter += 1;
  return `139${String(Date.now() % 10_000).padStart(4, "0")}${String(phoneCounter).padStart(4, "0")}`;
};

export const idemKey = () => randomBytes(12).toString("hex");

export async function createPlace(
  env: TestEnv,
  who: Session,
  regionCode: string,
  extra: Record<string, unknown> = {},
) {
  const res = await call(env, who, {
    method: "POST",
    url: "/api/v1/places",
    payload: { kind: "building", name: "3号楼", regionCode, households: 32, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; token: string; url: string };
}

export function reportBody(token: string, extra: Record<string, unknown> = {}) {
  return {
    token,
    kind: "case",
    category: "neighbour",
    description: "楼上邻居夜间装修噪音很大，影响老人休息。",
    name: "李四",
    phone: freshPhone(),
    consent: true,
    website: "",
    ...extra,
  };
}

export function submit(env: TestEnv, body: Record<string, unknown>, key: string = idemKey()) {
  return env.app.inject({
    method: "POST",
    url: "/api/public/reports",
    headers: { "idempotency-key": key, "x-forwarded-for": freshIp() },
    payload: body,
  });
}

/** One file as multipart/form-data, built by hand so the test controls every byte. */
export function multipart(file: Buffer, filename: string, contentType: string) {
  const boundary = `----fq${randomBytes(8).toString("hex")}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return {
    payload,
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "x-forwarded-for": freshIp() },
  };
}

export async function upload(env: TestEnv, file: Buffer, filename = "photo.jpg", type = "image/jpeg") {
  return env.app.inject({ method: "POST", url: "/api/public/uploads", ...multipart(file, filename, type) });
}

// A phone photo as it leaves the camera: EXIF with the GPS position of the citizen's home.
export const photoWithGps = () =>
  sharp({ create: { width: 2400, height: 1800, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "X1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "36/1 3/1 0/1",
        GPSLongitudeRef: "E",
        GPSLongitude: "103/1 50/1 0/1",
      },
    })
    .jpeg()
    .toBuffer();
