import { CATEGORIES } from "@fengqiao/core";
import type { Db } from "../../db/database";
import type { Rules } from "../policies/rules";
import { CITIZEN_STATUS_ZH, handlingUnitFor } from "../tracking/tracking.presenter";
import { w3c } from "./format";
import type { Open311Case } from "./open311.repository";

const serviceName = (code: string) => CATEGORIES.find((c) => c.code === code)?.zh ?? code;
const CLOSED = new Set(["resolved", "closed"]);

/** One case as a GeoReport request: open/closed, the step deadline as expected_datetime. */
export async function presentRequest(db: Db, rules: Rules, c: Open311Case) {
  const policy = await rules.policy(c.policy_key);
  const closed = CLOSED.has(c.status);
  return {
    service_request_id: c.code,
    status: closed ? "closed" : "open",
    status_notes: CITIZEN_STATUS_ZH[c.status] ?? null,
    service_name: serviceName(c.category),
    service_code: c.category,
    description: c.description.slice(0, 4000),
    agency_responsible: await handlingUnitFor(db, c, policy),
    service_notice: null,
    requested_datetime: w3c(c.created_at) as string,
    updated_datetime: w3c(c.updated_at),
    expected_datetime: closed ? null : w3c(c.step_due_at),
    address: c.address,
    address_id: c.address_id,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
    media_url: c.media_url,
  };
}

export function presentServices() {
  return CATEGORIES.map((c) => ({
    service_code: c.code,
    service_name: c.zh,
    description: `${c.zh}（${c.en}）矛盾纠纷`,
    metadata: false,
    type: "realtime",
    keywords: c.en,
    group: "矛盾纠纷",
  }));
}
