import { type ComponentType, lazy, Suspense } from "react";
import { createBrowserRouter } from "react-router";
import { setApiLanguage } from "./api/client";
import { probeMeEarly } from "./api/me";
import { prefetch } from "./api/prefetch";
import { storedLang } from "./i18n";
import { HomeRedirect } from "./layout/home-redirect";

type Loader = () => Promise<{ default: ComponentType }>;

// One chunk per page: the login route must not pay for the case detail or the admin screens.
const load = {
  shell: () => import("./layout/shell"),
  login: () => import("./pages/login-page"),
  workbench: () => import("./pages/workbench-page"),
  cases: () => import("./pages/cases/case-list-page"),
  caseDetail: () => import("./pages/case-detail/case-detail-page"),
  newCase: () => import("./pages/new-case/new-case-page"),
  admin: () => import("./pages/admin/admin-page"),
  places: () => import("./pages/places/places-page"),
  supervision: () => import("./pages/tasks/supervision-page"),
  scorecards: () => import("./pages/tasks/scorecards-page"),
  meetings: () => import("./pages/meetings/meetings-page"),
  petitions: () => import("./pages/petitions/petitions-page"),
  window: () => import("./pages/center/window-page"),
  hallBoard: () => import("./pages/center/hall-board-page"),
  roster: () => import("./pages/center/roster-page"),
  mediation: () => import("./pages/mediation/mediation-page"),
  dashboard: () => import("./pages/dashboard/dashboard-page"),
  tour: () => import("./pages/tour/tour-page"),
  notFound: () => import("./pages/not-found-page"),
} satisfies Record<string, Loader>;

// A page behind the shell would otherwise wait for the shell to render before its chunk is even
// requested (shell chunk → /auth/me → page chunk → page data). On first load, the shell, the page the
// URL names and /auth/me are requested together (import() is cached: React.lazy gets the same module),
// and the workbench's data as soon as /auth/me says who is signed in.
function pageFor(pathname: string): Loader | null {
  const p = pathname.replace(/\/+$/, "") || "/";
  if (p === "/login") return load.login;
  if (p === "/" || p === "/workbench") return load.workbench;
  if (p === "/cases") return load.cases;
  if (p === "/cases/new") return load.newCase;
  if (p.startsWith("/cases/")) return load.caseDetail;
  if (p === "/admin" || p.startsWith("/admin/")) return load.admin;
  if (p === "/places") return load.places;
  if (p === "/supervision") return load.supervision;
  if (p === "/scorecards") return load.scorecards;
  if (p === "/petitions") return load.petitions;
  if (p === "/window") return load.window;
  if (p === "/mediation") return load.mediation;
  if (p === "/dashboard") return load.dashboard;
  return null;
}
const initial = pageFor(window.location.pathname);
if (initial && initial !== load.login) {
  void load.shell();
  void initial();
  setApiLanguage(storedLang());
  const me = probeMeEarly();
  if (initial === load.workbench) {
    me.then(
      (m) => m && !m.mustChangePassword && prefetch("/workbench"),
      () => undefined,
    );
  }
}

const Shell = lazy(load.shell);
const LoginPage = lazy(load.login);
const WorkbenchPage = lazy(load.workbench);
const CaseListPage = lazy(load.cases);
const CaseDetailPage = lazy(load.caseDetail);
const NewCasePage = lazy(load.newCase);
const AdminPage = lazy(load.admin);
const PlacesPage = lazy(load.places);
const SupervisionPage = lazy(load.supervision);
const ScorecardsPage = lazy(load.scorecards);
const MeetingsPage = lazy(load.meetings);
const PetitionsPage = lazy(load.petitions);
const WindowPage = lazy(load.window);
const HallBoardPage = lazy(load.hallBoard);
const RosterPage = lazy(load.roster);
const TourPage = lazy(load.tour);
const MediationPage = lazy(load.mediation);
const NotFoundPage = lazy(load.notFound);
const DashboardPage = lazy(load.dashboard);
const ImportPage = lazy(() => import("./pages/import/import-page"));

export const router = createBrowserRouter([
  {
    path: "/login",
    element: (
      <Suspense fallback={null}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    path: "/",
    element: (
      <Suspense fallback={null}>
        <Shell />
      </Suspense>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: "dashboard", element: <DashboardPage /> },
      { path: "workbench", element: <WorkbenchPage /> },
      { path: "cases", element: <CaseListPage /> },
      { path: "cases/new", element: <NewCasePage /> },
      { path: "cases/:ref", element: <CaseDetailPage /> },
      { path: "admin/:tab?", element: <AdminPage /> },
      { path: "places", element: <PlacesPage /> },
      { path: "supervision", element: <SupervisionPage /> },
      { path: "scorecards", element: <ScorecardsPage /> },
      { path: "meetings/:id?", element: <MeetingsPage /> },
      { path: "petitions", element: <PetitionsPage /> },
      { path: "window", element: <WindowPage /> },
      { path: "window/board", element: <HallBoardPage /> },
      { path: "window/roster", element: <RosterPage /> },
      { path: "mediation", element: <MediationPage /> },
      { path: "field", Component: lazy(() => import("./pages/field/field-page")) },
      { path: "tour", element: <TourPage /> },
      { path: "import", element: <ImportPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
