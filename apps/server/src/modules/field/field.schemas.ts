import { CATEGORY_CODES, ZPhone, ZText } from "@fengqiao/core";
import { z } from "zod";

// Request shapes of FIELD-API.md (/work/brief): the phone app and the console send exactly these.
const text = (max: number) => ZText.trim().min(1).max(max);
const iso = z.iso.datetime({ offset: true });
const ZRegionCode = ZText.regex(/^\d{6,15}$/);
const ZTags = z.array(text(20)).max(10).default([]);

export const ZId = z.object({ id: z.uuid() });

export const ZMember = z.object({
  relation: text(20),
  name: text(50),
  phone: ZPhone.optional(),
  idNumber: ZText.regex(/^\d{17}[\dXx]$/).optional(),
  tags: ZTags,
});

export const ZHouseholdCreate = z.object({
  id: z.uuid(),
  gridCode: ZRegionCode,
  address: text(200),
  building: text(100).optional(),
  tags: ZTags,
  members: z.array(ZMember).max(30).default([]),
});
export type THouseholdCreate = z.infer<typeof ZHouseholdCreate>;

export const ZHouseholdQuery = z.object({
  q: ZText.max(50).optional(),
  grid: ZRegionCode.optional(),
  /** The phone keeps its grid's whole (masked) list to search offline: up to 1000, else 50. */
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const ZVisitCreate = z.object({
  id: z.uuid(),
  householdId: z.uuid().optional(),
  gridCode: ZRegionCode,
  visitedAt: iso,
  findings: text(5000),
  photoIds: z.array(z.uuid()).max(9).default([]),
  location: z
    .object({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      accuracy: z.number().min(0).max(100_000).optional(),
    })
    .optional(),
});
export type TVisitCreate = z.infer<typeof ZVisitCreate>;

export const ZVisitQuery = z.object({ grid: ZRegionCode.optional(), householdId: z.uuid().optional() });

export const ZToCase = z.object({
  category: z.enum(CATEGORY_CODES),
  title: text(200).optional(),
  description: text(10_000).optional(),
});
export type TToCase = z.infer<typeof ZToCase>;

export const ZCampaignCreate = z.object({
  /** Optional client id: a repeated create answers the first campaign. */
  id: z.uuid().optional(),
  title: text(100),
  kind: ZText.regex(/^[a-z][a-z_]{1,39}$/),
  regionCode: ZRegionCode,
  startsAt: iso,
  dueAt: iso,
  target: z.enum(["household", "place"]),
  checklist: z
    .array(z.object({ key: ZText.regex(/^[A-Za-z0-9_]{1,40}$/), label: text(100) }))
    .min(1)
    .max(30),
});
export type TCampaignCreate = z.infer<typeof ZCampaignCreate>;

export const ZResultCreate = z.object({
  id: z.uuid(),
  householdId: z.uuid().optional(),
  place: text(200).optional(),
  /** Where a place lies (required for a place; a household brings its own grid). */
  gridCode: ZRegionCode.optional(),
  answers: z.record(z.string().max(40), z.union([z.boolean(), ZText.max(500)])),
  positive: z.boolean(),
  note: ZText.trim().max(2000).optional(),
});
export type TResultCreate = z.infer<typeof ZResultCreate>;

export const ZOpinionCreate = z.object({
  id: z.uuid(),
  gridCode: ZRegionCode,
  topic: text(100),
  content: text(5000),
  householdId: z.uuid().optional(),
});
export type TOpinionCreate = z.infer<typeof ZOpinionCreate>;

export const ZOpinionQuery = z.object({ region: ZRegionCode.optional() });
