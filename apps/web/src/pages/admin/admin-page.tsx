import { Card, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useActor } from "../../api/session";
import { canDo } from "../../lib/access";
import NotFoundPage from "../not-found-page";
import { CalendarTab } from "./calendar-tab";
import { PoliciesTab } from "./policies-tab";
import { RegionsTab } from "./regions-tab";
import { AuditTab, ClockTab } from "./system-tabs";
import { UnitsTab } from "./units-tab";
import { UsersTab } from "./users-tab";

const TABS = ["regions", "units", "users", "policies", "calendar", "audit", "clock"] as const;
type Tab = (typeof TABS)[number];

const CONTENT: Record<Tab, () => React.ReactNode> = {
  regions: () => <RegionsTab />,
  units: () => <UnitsTab />,
  users: () => <UsersTab />,
  policies: () => <PoliciesTab />,
  calendar: () => <CalendarTab />,
  audit: () => <AuditTab />,
  clock: () => <ClockTab />,
};

export default function AdminPage() {
  const { t } = useTranslation();
  const me = useActor();
  const navigate = useNavigate();
  const { tab } = useParams();
  if (!canDo(me, "user.manage")) return <NotFoundPage />;
  const active: Tab = TABS.find((x) => x === tab) ?? "regions";
  return (
    <Card title={t("nav.admin")}>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/admin/${k}`)}
        destroyOnHidden
        items={TABS.map((k) => ({ key: k, label: t(`admin.${k}`), children: CONTENT[k]() }))}
      />
    </Card>
  );
}
