import { Card, Select, Tabs } from "antd";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useActor } from "../../api/session";
import { useIsPhone } from "../../layout/use-is-phone";
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
  const phone = useIsPhone();
  if (!canDo(me, "user.manage")) return <NotFoundPage />;
  const active: Tab = TABS.find((x) => x === tab) ?? "regions";
  return (
    <Card title={t("nav.admin")}>
      <Tabs
        activeKey={active}
        onChange={(k) => navigate(`/admin/${k}`)}
        destroyOnHidden
        // Seven tabs overflow a phone, and antd's overflow button inside the tablist breaks its ARIA
        // (axe: aria-required-children); a labelled select picks the tab there instead.
        renderTabBar={
          phone
            ? () => (
                <Select
                  aria-label={t("nav.admin")}
                  value={active}
                  onChange={(k: Tab) => navigate(`/admin/${k}`)}
                  options={TABS.map((k) => ({ value: k, label: t(`admin.${k}`) }))}
                  style={{ width: "100%", marginBottom: 12 }}
                  data-testid="admin-tab-select"
                />
              )
            : undefined
        }
        items={TABS.map((k) => ({ key: k, label: t(`admin.${k}`), children: CONTENT[k]() }))}
      />
    </Card>
  );
}
