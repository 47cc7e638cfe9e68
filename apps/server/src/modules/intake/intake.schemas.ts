import { CATEGORY_CODES, ZText } from "@fengqiao/core";
import { z } from "zod";

// Mainland mobile numbers: the SMS with the case code must reach them.
export const ZMobile = z
  .string()
  .trim()
  .regex(/^1\d{10}$/, "11 位手机号");

export const ZReport = z.object({
  token: ZText.min(8).max(64),
  kind: z.enum(["case", "opinion"]),
  category: z.enum(CATEGORY_CODES),
  description: ZText.trim().min(5).max(2000),
  photos: z.array(z.uuid()).max(5).default([]),
  location: z
    .object({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      address: ZText.trim().max(200).optional(),
    })
    .optional(),
  anonymous: z.boolean().default(false),
  name: ZText.trim().max(50).optional(),
  phone: ZMobile.optional(),
  consent: z.boolean(),
  // Honeypot: hidden on the page, so only a form-filling robot puts anything here.
  website: ZText.max(500).default(""),
});
export type TReport = z.infer<typeof ZReport>;
