import { z } from "zod";
import { UNIT_KIND_CODES } from "./categories";
import { ROLES } from "./roles";
import { ZPhone, ZText } from "./schemas";

// Request schemas of the staff console's endpoints (workbench, exports, admin pages), shared by
// the server (validation, OpenAPI) and the web (form validation).

const ZRegionCode = ZText.regex(/^\d{6,15}$/);
const name = (max: number) => ZText.trim().min(1).max(max);

export const ZCasesLookupQuery = z.object({ phone: ZPhone });
export type TCasesLookupQuery = z.infer<typeof ZCasesLookupQuery>;

export const ZCasesSimilarQuery = z.object({
  text: name(2000),
  regionCode: ZRegionCode.optional(),
  /** The category chosen so far: the same category ranks higher. */
  category: z.string().max(40).optional(),
  /** The case being looked at, so it does not list itself. */
  excludeId: z.uuid().optional(),
});
export type TCasesSimilarQuery = z.infer<typeof ZCasesSimilarQuery>;

export const ZRegionRename = z.object({
  name: name(100).optional(),
  households: z.number().int().min(0).nullable().optional(),
});
export const ZRegionMove = z.object({ parentCode: ZRegionCode });

// GeoJSON (RFC 7946) limited to what grid maps need: polygons in WGS-84 longitude/latitude.
const ZPosition = z
  .array(z.number().finite())
  .min(2)
  .max(3)
  .refine(
    ([lon = 0, lat = 0]) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90,
    "longitude/latitude out of range",
  );
const samePosition = (a: number[] | undefined, b: number[] | undefined) =>
  a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
const ZLinearRing = z
  .array(ZPosition)
  .min(4)
  .refine((ring) => samePosition(ring[0], ring.at(-1)), "a linear ring must end where it starts");
const ZPolygonCoords = z.array(ZLinearRing).min(1).max(100);

export const ZPolygon = z.object({ type: z.literal("Polygon"), coordinates: ZPolygonCoords });
export const ZMultiPolygon = z.object({
  type: z.literal("MultiPolygon"),
  coordinates: z.array(ZPolygonCoords).min(1).max(1000),
});
export const ZAreaGeometry = z.discriminatedUnion("type", [ZPolygon, ZMultiPolygon]);
export type TAreaGeometry = z.infer<typeof ZAreaGeometry>;

export const ZAreaFeature = z.object({
  type: z.literal("Feature"),
  geometry: ZAreaGeometry,
  properties: z.record(z.string(), z.unknown()).nullable().default(null),
});

// GIS tools export a single drawn area as a one-feature FeatureCollection; take that too.
const ZSingleFeatureCollection = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(ZAreaFeature).length(1),
});

/** PUT /regions/:code/geojson: a Feature, a one-feature FeatureCollection, or a bare geometry. */
export const ZRegionGeoJson = z.union([ZAreaFeature, ZSingleFeatureCollection, ZAreaGeometry]);
export type TRegionGeoJson = z.infer<typeof ZRegionGeoJson>;

export const ZGridFeatureCollection = z.object({
  type: z.literal("FeatureCollection"),
  features: z
    .array(
      ZAreaFeature.extend({
        properties: z.looseObject({ code: z.union([ZText, z.number()]).optional() }).nullable(),
      }),
    )
    .min(1)
    .max(5000),
});
export type TGridFeatureCollection = z.infer<typeof ZGridFeatureCollection>;

const ZStationing = z.enum(["resident", "rotating", "on_call"]).nullable();

export const ZUnitCreate = z.object({
  kind: z.enum(UNIT_KIND_CODES),
  name: name(100),
  regionCode: ZRegionCode,
  stationing: ZStationing.default(null),
});
export type TUnitCreate = z.infer<typeof ZUnitCreate>;

export const ZUnitPatch = z.object({
  kind: z.enum(UNIT_KIND_CODES).optional(),
  name: name(100).optional(),
  regionCode: ZRegionCode.optional(),
  stationing: ZStationing.optional(),
});
export type TUnitPatch = z.infer<typeof ZUnitPatch>;

export const ZUserPatch = z.object({
  displayName: name(100).optional(),
  roles: z.array(z.enum(ROLES)).min(1).optional(),
  regionCode: ZRegionCode.optional(),
  unitId: z.uuid().nullable().optional(),
  disabled: z.boolean().optional(),
});
export type TUserPatch = z.infer<typeof ZUserPatch>;

export const ZPasswordReset = z.object({ password: ZText.min(8).max(200) });

/** POST /auth/password: the owner's own change (the policy is checked by the server, with the breached list). */
export const ZPasswordChange = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: ZText.min(8).max(200),
});
export type TPasswordChange = z.infer<typeof ZPasswordChange>;

export const ZCalendarQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

/** A local calendar day: a county's own day off, or a day worked although the calendar says otherwise. */
export const ZCalendarDay = z.object({
  day: z.iso.date(),
  kind: z.enum(["holiday", "workday"]),
  name: name(100),
});
export type TCalendarDay = z.infer<typeof ZCalendarDay>;

export const ZStatsQuery = z.object({ region: ZRegionCode.optional() });

/** 新增区划: a child region under a parent, its code extending the parent's (GB/T 2260). */
export const ZRegionCreate = z.object({
  parentCode: z.string().regex(/^\d{6,15}$/),
  code: z.string().regex(/^\d{6,15}$/),
  name: ZText.trim().min(1).max(100),
  households: z.number().int().min(0).optional(),
});
export type TRegionCreate = z.infer<typeof ZRegionCreate>;
