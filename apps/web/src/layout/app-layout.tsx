import {
  AlertOutlined,
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  FormOutlined,
  FundOutlined,
  LogoutOutlined,
  MenuOutlined,
  QrcodeOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShopOutlined,
  TeamOutlined,
  TranslationOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Button, Drawer, Dropdown, Layout, Menu, Space, Spin, Typography } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useActor, useSignOut } from "../api/session";
import { switchLang } from "../i18n";
import { canDo } from "../lib/access";
import { useIsPhone } from "./use-is-phone";

const { Header, Sider, Content } = Layout;

const PAGE_TITLE: Record<string, string> = {
  "/workbench": "nav.workbench",
  "/dashboard": "lead.title",
  "/cases": "nav.cases",
  "/cases/new": "nav.newCase",
  "/places": "nav.places",
  "/meetings": "meet.nav",
  "/petitions": "pet.title",
  "/window": "center.nav",
  "/mediation": "med.nav",
  "/admin": "nav.admin",
  "/import": "import.nav",
  "/supervision": "tasks.nav.supervision",
  "/scorecards": "tasks.nav.scorecards",
  "/field": "fieldWork.title",
  "/tour": "tour.nav",
};

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useActor();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const phone = useIsPhone();

  const items = [
    canDo(me, "stats.read") && {
      key: "/dashboard",
      icon: <FundOutlined />,
      label: <Link to="/dashboard">{t("lead.nav")}</Link>,
    },
    {
      key: "/workbench",
      icon: <DashboardOutlined />,
      label: <Link to="/workbench">{t("nav.workbench")}</Link>,
    },
    { key: "/cases", icon: <UnorderedListOutlined />, label: <Link to="/cases">{t("nav.cases")}</Link> },
    canDo(me, "case.create") && {
      key: "/cases/new",
      icon: <FormOutlined />,
      label: <Link to="/cases/new">{t("nav.newCase")}</Link>,
    },
    canDo(me, "petition.register") && {
      key: "/petitions",
      icon: <AuditOutlined />,
      label: <Link to="/petitions">{t("pet.nav")}</Link>,
    },
    (canDo(me, "window.operate") || me.unitId !== null) && {
      key: "/window",
      icon: <ShopOutlined />,
      label: <Link to="/window">{t("center.nav")}</Link>,
    },
    canDo(me, "place.manage") && {
      key: "/places",
      icon: <QrcodeOutlined />,
      label: <Link to="/places">{t("nav.places")}</Link>,
    },
    canDo(me, "supervision.read") && {
      key: "/supervision",
      icon: <AlertOutlined />,
      label: <Link to="/supervision">{t("tasks.nav.supervision")}</Link>,
    },
    canDo(me, "supervision.read") && {
      key: "/scorecards",
      icon: <BarChartOutlined />,
      label: <Link to="/scorecards">{t("tasks.nav.scorecards")}</Link>,
    },
    (canDo(me, "meeting.read") || me.unitId !== null) && {
      key: "/meetings",
      icon: <TeamOutlined />,
      label: <Link to="/meetings">{t("meet.nav")}</Link>,
    },
    (canDo(me, "mediation.handle") || me.roles.includes("department_handler")) && {
      key: "/mediation",
      icon: <TeamOutlined />,
      label: <Link to="/mediation">{t("med.nav")}</Link>,
    },
    canDo(me, "household.read") && {
      key: "/field",
      icon: <TeamOutlined />,
      label: <Link to="/field">{t("fieldWork.nav")}</Link>,
    },
    (me.roles.includes("police") || canDo(me, "officer.manage") || canDo(me, "tour.roster")) && {
      key: "/tour",
      icon: <SafetyOutlined />,
      label: <Link to="/tour">{t("tour.nav")}</Link>,
    },
    canDo(me, "import.run") && {
      key: "/import",
      icon: <CloudUploadOutlined />,
      label: <Link to="/import">{t("import.nav")}</Link>,
    },
    canDo(me, "user.manage") && {
      key: "/admin",
      icon: <SettingOutlined />,
      label: <Link to="/admin">{t("nav.admin")}</Link>,
    },
  ].filter((x) => x !== false);
  // The longest menu key that prefixes the path is the current page (/cases/new beats /cases).
  const selected = items
    .map((i) => i.key)
    .filter((k) => pathname === k || pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0];
  // The page's one h1 lives in the top bar: the menu entry, or "case detail" under /cases/<code>.
  const heading =
    selected === "/cases" && pathname !== "/cases"
      ? t("con.detail")
      : t(PAGE_TITLE[selected ?? ""] ?? "app.name");

  const onSignOut = async () => {
    await signOut();
    navigate("/login", { replace: true });
  };

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      items={items}
      // On a phone the drawer closes once a page is picked.
      onClick={() => setDrawer(false)}
    />
  );

  return (
    <Layout className="fq-full">
      {/* Below 768 px the rail would eat a fifth of the screen: a drawer behind a menu button instead. */}
      {phone ? (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={240}
          title={t("app.name")}
          className="fq-nav-drawer"
          styles={{ body: { padding: 0, background: "#001529" } }}
          data-testid="nav-drawer"
        >
          {menu}
        </Drawer>
      ) : (
        <Sider
          breakpoint="lg"
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          style={{ position: "sticky", top: 0, height: "100vh", overflow: "auto" }}
        >
          <div className="fq-logo">
            <AuditOutlined />
            {!collapsed && <span>{t("app.name")}</span>}
          </div>
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header className="fq-header">
          <div className="fq-header-title">
            {phone && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t("con.menu")}
                onClick={() => setDrawer(true)}
                data-testid="nav-toggle"
              />
            )}
            <h1 className="fq-page-title">{heading}</h1>
            {!phone && (
              <Typography.Text type="secondary" className="fq-subtitle">
                {t("app.subtitle")}
              </Typography.Text>
            )}
          </div>
          <Space size={phone ? 0 : 8}>
            <Button
              icon={<TranslationOutlined />}
              type={phone ? "text" : "default"}
              onClick={() => void switchLang(i18n.language === "en" ? "zh-CN" : "en")}
              aria-label={t("nav.language")}
              data-testid="lang-toggle"
            >
              {phone ? null : t("nav.language")}
            </Button>
            <Dropdown
              menu={{
                items: [{ key: "logout", icon: <LogoutOutlined />, label: t("nav.logout") }],
                onClick: () => void onSignOut(),
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu" aria-label={me.displayName}>
                <span className="fq-user-name">{me.displayName}</span>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content className="fq-content">
          <Suspense
            fallback={
              <div className="fq-center">
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
