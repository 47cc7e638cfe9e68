import {
  AuditOutlined,
  DashboardOutlined,
  FormOutlined,
  LogoutOutlined,
  QrcodeOutlined,
  SettingOutlined,
  TranslationOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { Button, Dropdown, Layout, Menu, Space, Spin, Typography } from "antd";
import { Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet, useLocation, useNavigate } from "react-router";
import { useActor, useSignOut } from "../api/session";
import { switchLang } from "../i18n";
import { canDo } from "../lib/access";

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useActor();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const items = [
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
    canDo(me, "place.manage") && {
      key: "/places",
      icon: <QrcodeOutlined />,
      label: <Link to="/places">{t("nav.places")}</Link>,
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

  const onSignOut = async () => {
    await signOut();
    navigate("/login", { replace: true });
  };

  return (
    <Layout className="fq-full">
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
        <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items} />
      </Sider>
      <Layout>
        <Header className="fq-header">
          <Typography.Text type="secondary" className="fq-subtitle">
            {t("app.subtitle")}
          </Typography.Text>
          <Space>
            <Button
              icon={<TranslationOutlined />}
              onClick={() => void switchLang(i18n.language === "en" ? "zh-CN" : "en")}
              data-testid="lang-toggle"
            >
              {t("nav.language")}
            </Button>
            <Dropdown
              menu={{
                items: [{ key: "logout", icon: <LogoutOutlined />, label: t("nav.logout") }],
                onClick: () => void onSignOut(),
              }}
            >
              <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
                {me.displayName}
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
