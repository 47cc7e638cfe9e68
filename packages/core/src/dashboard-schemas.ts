import { z } from "zod";

// The leaders' dashboard API (GET /api/v1/dashboard): query and answer shapes.

const day = z.iso.date();

export const ZDashboardQuery = z
  .object({
    region: z
      .string()
      .regex(/^\d{2,15}$/)
      .optional(),
    from: day.optional(),
    to: day.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "from must not be after to",
    path: ["from"],
  });
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;

const rate = z.number().nullable();
const ZRegionRef = z.object({ code: z.string(), name: z.string(), level: z.string() });

export const ZKpis = z.object({
  received: z.number(),
  accepted: z.number(),
  pending: z.number(),
  notAccepted: z.number(),
  merged: z.number(),
  referred: z.number(),
  resolved: z.number(),
  closedNotResolved: z.number(),
  open: z.number(),
  red: z.number(),
  overdue: z.number(),
  beyond: z.number(),
  reopened: z.number(),
  settledSteps: z.record(z.string(), z.number()),
  closure7Rate: rate,
  villageRate: rate,
  townshipRate: rate,
  notUpwardRate: rate,
  callbackOnTimeRate: rate,
  satisfactionRate: rate,
  reopenRate: rate,
  medianHandlingHours: z.number().nullable(),
});

const ZSlice = z.object({ code: z.string(), received: z.number(), resolved: z.number(), open: z.number() });
const ZTrendPoint = z.object({
  period: z.string(),
  received: z.number(),
  resolved: z.number(),
  resolved7: z.number(),
  beyond: z.number(),
  red: z.number(),
});

export const ZDashboard = z.object({
  region: ZRegionRef,
  crumbs: z.array(ZRegionRef),
  period: z.object({ from: z.string(), to: z.string() }),
  asOf: z.string(),
  kpis: ZKpis,
  now: z.object({ open: z.number(), red: z.number(), overdue: z.number() }),
  children: z.array(
    ZRegionRef.extend({
      received: z.number(),
      resolved: z.number(),
      villageRate: rate,
      townshipRate: rate,
      open: z.number(),
      red: z.number(),
      overdue: z.number(),
    }),
  ),
  /** GeoJSON FeatureCollection of the children (properties.code); schematic when none was imported. */
  map: z.object({ schematic: z.boolean(), geojson: z.unknown() }),
  byCategory: z.array(ZSlice.extend({ family: z.string() })),
  byChannel: z.array(ZSlice),
  byService: z.array(ZSlice),
  trend: z.object({ week: z.array(ZTrendPoint), month: z.array(ZTrendPoint) }),
  backlog: z.array(z.object({ day: z.string(), open: z.number(), red: z.number(), overdue: z.number() })),
  red: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      category: z.string(),
      step: z.number(),
      status: z.string(),
      stepDueAt: z.string().nullable(),
      regionCode: z.string(),
      regionName: z.string(),
      reasons: z.array(z.string()),
    }),
  ),
  /** Open cases hit by risk rules (packages/core/src/risk.ts): count per rule and the latest. */
  risks: z.object({
    byRule: z.record(z.string(), z.number()),
    cases: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        title: z.string(),
        regionName: z.string(),
        why: z.array(z.object({ rule: z.string(), zh: z.string(), en: z.string() })),
      }),
    ),
  }),
});
export type TDashboard = z.infer<typeof ZDashboard>;
