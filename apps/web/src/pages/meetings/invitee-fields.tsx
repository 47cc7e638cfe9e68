import { useQuery } from "@tanstack/react-query";
import { Form, Select } from "antd";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import type { Unit } from "../../api/types";

export interface InviteeValues {
  units?: string[];
  guests?: string[];
}

/** The invitees as the API takes them: units by id, outsiders by name. */
export const inviteesBody = (v: InviteeValues) => [
  ...(v.units ?? []).map((unitId) => ({ unitId })),
  ...(v.guests ?? []).map((name) => ({ name })),
];

/** Units of the user's region, above it and below it (the township's offices, the county's departments, the court), and guests by name. */
export function InviteeFields() {
  const { t } = useTranslation();
  const units = useQuery({ queryKey: ["units"], queryFn: () => api<{ items: Unit[] }>("/units") });
  return (
    <>
      <Form.Item name="units" label={t("meet.field.units")}>
        <Select
          mode="multiple"
          optionFilterProp="label"
          aria-label={t("meet.field.units")}
          options={(units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
      <Form.Item name="guests" label={t("meet.field.guests")}>
        <Select mode="tags" aria-label={t("meet.field.guests")} open={false} />
      </Form.Item>
    </>
  );
}
