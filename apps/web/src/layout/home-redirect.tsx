import { Navigate } from "react-router";
import { useActor } from "../api/session";

/** The first screen after login: a leader's is the dashboard, everybody else's the workbench. */
export function HomeRedirect() {
  const me = useActor();
  return <Navigate to={me.roles.includes("leader") ? "/dashboard" : "/workbench"} replace />;
}
