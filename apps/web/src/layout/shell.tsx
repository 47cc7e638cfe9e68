import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { App, ConfigProvider, type ThemeConfig } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from "../api/client";
import { takeHandedOverMe } from "../api/me";
import { queryClient } from "../api/query-client";
import { ME_KEY } from "../api/session";
import type { Me } from "../api/types";
import { registerPageMessages } from "../i18n/pages";
import { AppLayout } from "./app-layout";
import { RequireAuth } from "./require-auth";

// Everything below is what the login route does without: the pages' messages, TanStack Query,
// dayjs and antd's locales (date pickers, tables, pagination).
registerPageMessages();

// WCAG AA (4.5:1, checked by axe in e2e/console-phone): antd's tertiary text (secondary Typography,
// statistic titles) is rgba(0,0,0,.45) ≈ 3.4:1, select placeholders .25, its blue #1677ff ≈ 4.1:1 (links,
// primary buttons), and the status colours (danger buttons, 待受理/已办结/暂停 tags) ≈ 2–3.3:1.
// Darker seeds, with antd's default light backgrounds and borders kept (derived from a dark seed they
// turn grey).
const THEME: ThemeConfig = {
  token: {
    colorSuccessBg: "#f6ffed",
    colorSuccessBorder: "#b7eb8f",
    colorWarningBg: "#fffbe6",
    colorWarningBorder: "#ffe58f",
    colorErrorBg: "#fff2f0",
    colorErrorBorder: "#ffccc7",
    colorInfoBg: "#e6f4ff",
    colorInfoBorder: "#91caff",
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.58)",
    colorPrimary: "#0958d9",
    colorInfo: "#0958d9",
    colorLink: "#0958d9",
    colorError: "#cf1322",
    colorWarning: "#995400",
    colorSuccess: "#237804",
  },
};

/**
 * On a 401 mid-session: say why, forget the user; RequireAuth then sends them to login. On a 403
 * PASSWORD_CHANGE_REQUIRED: mark the user, and RequireAuth shows the first-password form.
 */
function SessionWatcher() {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      if (qc.getQueryData(ME_KEY)) void message.warning(t("common.sessionExpired"));
      qc.setQueryData(ME_KEY, null);
    });
    // An administrator reset the password meanwhile: RequireAuth shows the first-password form.
    setPasswordChangeRequiredHandler(() =>
      qc.setQueryData<Me | null>(ME_KEY, (me) => (me ? { ...me, mustChangePassword: true } : me)),
    );
    return () => {
      setUnauthenticatedHandler(null);
      setPasswordChangeRequiredHandler(null);
    };
  }, [qc, message, t]);
  return null;
}

/** The signed-in shell, loaded lazily so the login route does not carry the menu and layout. */
export default function Shell() {
  const { i18n } = useTranslation();
  const en = i18n.language === "en";
  dayjs.locale(en ? "en" : "zh-cn");
  // Before RequireAuth asks: the user the login page just signed in (or found signed in).
  useState(() => {
    const me = takeHandedOverMe();
    if (me) queryClient.setQueryData(ME_KEY, me);
    return null;
  });
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={en ? enUS : zhCN} theme={THEME}>
        <App>
          <SessionWatcher />
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        </App>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
