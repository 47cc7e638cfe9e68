import { ConfigProvider } from "antd";
import { RouterProvider } from "react-router";
import { router } from "./router";

// Only the theme here: antd's locales, dayjs and TanStack Query come with the signed-in shell
// (layout/shell.tsx), so the login route does not download them.
export function Root() {
  return (
    <ConfigProvider theme={{ token: { colorPrimary: "#1f5fbf", borderRadius: 6 } }}>
      {/* antd's App (message, modal) lives in the signed-in shell: the login route does without it. */}
      <RouterProvider router={router} />
    </ConfigProvider>
  );
}
