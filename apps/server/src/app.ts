import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { TrustProxy } from "./config";
import type { AppContext } from "./context";
import { registerReadYourWrites } from "./db/replica";
import { adminRoutes } from "./modules/admin/admin.routes";
import { attachmentsRoutes } from "./modules/attachments/attachments.routes";
import { authRoutes } from "./modules/auth/auth.routes";
import { devicesRoutes } from "./modules/auth/devices.routes";
import { calendarRoutes } from "./modules/calendar/calendar.routes";
import { casesRoutes } from "./modules/cases/cases.routes";
import { dashboardRoutes } from "./modules/dashboard/dashboard.routes";
import { exportsRoutes } from "./modules/exports/exports.routes";
import { fieldModule } from "./modules/field";
import { importRoutes } from "./modules/import/import.routes";
import { publicRoutes } from "./modules/intake/public.routes";
import { citizenStaffRoutes } from "./modules/intake/staff.routes";
import { mediationModule } from "./modules/mediation/mediation.routes";
import { meetingsRoutes } from "./modules/meetings/meetings.routes";
import { metaRoutes } from "./modules/meta.routes";
import { open311Routes } from "./modules/open311/open311.routes";
import { petitionsRoutes } from "./modules/petitions/petitions.routes";
import { policiesRoutes } from "./modules/policies/policies.routes";
import { regionsAdminRoutes } from "./modules/regions/regions.admin.routes";
import { regionsRoutes } from "./modules/regions/regions.routes";
import { statsRoutes } from "./modules/stats/stats.routes";
import { tasksModule } from "./modules/tasks";
import { tourModule } from "./modules/tourism";
import { unitRecordsRoutes } from "./modules/unit-records/unit-records.routes";
import { unitsRoutes } from "./modules/units/units.routes";
import { usersAdminRoutes } from "./modules/users/users.admin.routes";
import { usersRoutes } from "./modules/users/users.routes";
import { centerRoutes } from "./modules/window/center.routes";
import { workbenchRoutes } from "./modules/workbench/workbench.routes";
import { registerAuth } from "./plugins/auth";
import { frameworkErrors, registerErrorHandling } from "./plugins/errors";
import { pgRateLimitStore } from "./plugins/rate-limit-store";
import { registerSecurityHeaders } from "./plugins/security-headers";
import { registerStatic } from "./plugins/static";

export interface BuildOptions {
  logger?: boolean;
}

/**
 * Fastify ignores a bare hop count (it cannot check the peer), so a count becomes the same rule
 * as a function: believe the socket peer and the next `hops - 1` forwarded addresses.
 */
function trustProxyOption(t: TrustProxy): boolean | string[] | ((addr: string, i: number) => boolean) {
  if (typeof t === "number") return (_addr, i) => i < t;
  return t;
}

// Behind a proxy nobody told us about, every citizen shares the proxy's address and its limits.
function warnOnceAboutForwardedFor(app: FastifyInstance) {
  let warned = false;
  app.addHook("onRequest", async (req) => {
    if (warned || req.headers["x-forwarded-for"] === undefined) return;
    warned = true;
    req.log.warn(
      "X-Forwarded-For ignored: per-address limits see the proxy's address. Behind a reverse proxy set FENGQIAO_TRUST_PROXY (README).",
    );
  });
}

/** Assembles the HTTP app: plugins first, then routes. No listening, no jobs: see server.ts. */
export async function buildApp(ctx: AppContext, o: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: 1_048_576,
    frameworkErrors,
    // Off unless FENGQIAO_TRUST_PROXY says which proxies to believe (README: reverse proxy).
    trustProxy: trustProxyOption(ctx.config.trustProxy),
    logger: o.logger
      ? {
          level: ctx.config.logLevel,
          // Request logs carry method and path only: query strings may hold phone numbers.
          serializers: {
            req: (req) => ({ method: req.method, url: String(req.url).split("?")[0], id: req.id }),
            res: (res) => ({ statusCode: res.statusCode }),
          },
          redact: ["req.headers.cookie", "req.headers.authorization", "req.headers['x-csrf-token']"],
        }
      : false,
  }).withTypeProvider<ZodTypeProvider>();
  if (ctx.config.trustProxy === false) warnOnceAboutForwardedFor(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await app.register(cookie);
  // After the cookie plugin: its onSend writes Set-Cookie, ours then marks it Secure over TLS.
  await registerSecurityHeaders(app);
  registerReadYourWrites(app, ctx);
  await app.register(rateLimit, { global: false, store: pgRateLimitStore(ctx.db) });
  await app.register(swagger, {
    openapi: {
      info: { title: "Fengqiao 枫桥 API", version: "1" },
      components: {
        securitySchemes: { session: { type: "apiKey", in: "cookie", name: "fq_session" } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  registerAuth(app, ctx);

  app.get("/health", async () => ({ ok: true }));
  await registerStatic(app);
  await app.register(
    async (api) => {
      await api.register(authRoutes(ctx));
      await api.register(casesRoutes(ctx));
      await api.register(regionsRoutes(ctx));
      await api.register(usersRoutes(ctx));
      await api.register(policiesRoutes(ctx));
      await api.register(adminRoutes(ctx));
      await api.register(metaRoutes);
      await api.register(citizenStaffRoutes(ctx));
      await api.register(workbenchRoutes(ctx));
      await api.register(exportsRoutes(ctx));
      await api.register(regionsAdminRoutes(ctx));
      await api.register(unitsRoutes(ctx));
      await api.register(unitRecordsRoutes(ctx));
      await api.register(usersAdminRoutes(ctx));
      await api.register(calendarRoutes(ctx));
      await api.register(statsRoutes(ctx));
      await api.register(dashboardRoutes(ctx));
      await api.register(attachmentsRoutes(ctx));
      await api.register(tasksModule(ctx));
      await api.register(meetingsRoutes(ctx));
      await api.register(petitionsRoutes(ctx));
      await api.register(centerRoutes(ctx));
      await api.register(mediationModule(ctx));
      await api.register(fieldModule(ctx));
      await api.register(devicesRoutes(ctx));
      await api.register(tourModule(ctx)); // 有事找警察 and 旅游警务
      await api.register(importRoutes(ctx));
    },
    { prefix: "/api/v1" },
  );
  await app.register(publicRoutes(ctx), { prefix: "/api/public" });
  await app.register(open311Routes(ctx), { prefix: "/open311/v2" });
  return app;
}
