// Client-side routes under /g/: the server and the service worker answer every /g/… with the app.
export function go(path: string) {
  history.pushState(null, "", path);
  dispatchEvent(new PopStateEvent("popstate"));
}

/** An <a> click that stays in the app (new tab and modified clicks left to the browser). */
export function link(path: string) {
  return {
    href: path,
    onClick: (e: MouseEvent) => {
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
      e.preventDefault();
      go(path);
    },
  };
}
