import { Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { CampaignsPanel } from "./campaigns-panel";
import { HouseholdsPanel } from "./households-panel";

/** 住户与排查 for village cadres, police and the township: households (masked) and 排查 progress. */
export default function FieldPage() {
  const { t } = useTranslation();
  return (
    <Tabs
      data-testid="field-page"
      items={[
        { key: "households", label: t("fieldWork.tabHouseholds"), children: <HouseholdsPanel /> },
        { key: "campaigns", label: t("fieldWork.tabCampaigns"), children: <CampaignsPanel /> },
      ]}
    />
  );
}
