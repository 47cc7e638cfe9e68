import type { LoginMessages } from "./login-zh";

export const loginEn: LoginMessages = {
  app: { name: "Fengqiao", subtitle: "Dispute resolution for governance centers" },
  nav: {
    workbench: "Workbench",
    cases: "Cases",
    newCase: "Register",
    admin: "Administration",
    places: "QR points",
    logout: "Sign out",
    language: "中文",
  },
  login: {
    title: "Sign in",
    username: "Username",
    password: "Password",
    submit: "Sign in",
    demo: "Demo accounts",
    demoHint: "Demo data only; the password is fengqiao2026 for all. Click a name to fill it in",
    role: "Role",
    scope: "Area",
    required: "Please enter {{label}}",
  },
  role: {
    grid_worker: "Grid worker",
    village_cadre: "Village cadre",
    mediator: "Mediator",
    police: "Village police officer",
    center_staff: "Center staff",
    township_leader: "Township leader",
    department_handler: "Department handler",
    leader: "Leader",
    admin: "Administrator",
  },
};
