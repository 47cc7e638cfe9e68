import { Grid } from "antd";

/**
 * Below antd's `md` breakpoint (768 px): the drawer menu, case cards instead of tables and the
 * sticky action bar. useBreakpoint answers {} before its first measurement; that counts as not a phone
 * only when the window really is wide, so a phone never flashes the desktop layout.
 */
export function useIsPhone(): boolean {
  const screens = Grid.useBreakpoint();
  if (screens.md === undefined) return typeof window !== "undefined" && window.innerWidth < 768;
  return !screens.md;
}
