/** Client-side navigation without a router library: four pages do not need one. */
export function go(path: string) {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}
