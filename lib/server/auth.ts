import "server-only";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { databaseKind } from "@/lib/db/url";
import { getEnv } from "@/lib/env";
import { deriveKey } from "./crypto";
import { getDb } from "./db";
import { clientAddress, recordFailedSignIn, signInBlockedFor } from "./sign-in-limit";

const SIGN_IN = "/sign-in/email";

/** Who is signing in: the email typed and the client address, for the failure limits. */
function signInSubject(ctx: { body?: unknown; request?: Request }) {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  return { email: typeof email === "string" ? email : "", address: clientAddress(ctx.request?.headers) };
}

function createAuth() {
  const env = getEnv();
  const local = [`http://localhost:${env.port}`, `http://127.0.0.1:${env.port}`];
  return betterAuth({
    appName: "Switchyard",
    baseURL: env.appUrl,
    basePath: "/api/auth",
    secret: deriveKey("auth").toString("hex"),
    // Mutations from any other origin are refused (CSRF): better-auth checks Origin.
    trustedOrigins: [...new Set([env.appUrl, ...local, ...env.trustedOrigins])],
    database: prismaAdapter(getDb(), {
      provider: databaseKind(env.databaseUrl) === "sqlite" ? "sqlite" : "postgresql",
    }),
    emailAndPassword: {
      enabled: true,
      // Accounts are made by the first-run setup and by admins (lib/server/users), never by
      // strangers: the public sign-up endpoint is off.
      disableSignUp: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    // A flood guard on every auth endpoint; failed sign-ins have their own, stricter limit (hooks).
    // (better-auth's default for sign-in, 3 per 10 s, would lock out a team behind one address).
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: { [SIGN_IN]: { window: 60, max: 60 } },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const wait = await signInBlockedFor(signInSubject(ctx));
        if (wait !== null) {
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many failed sign-in attempts from your address. Try again in ${Math.ceil(wait / 60)} minute(s).`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN) return;
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          if (returned.statusCode === 401) await recordFailedSignIn(signInSubject(ctx));
          return;
        }
        // The session lives in the httpOnly cookie; keep its token out of script-readable JSON.
        if (returned && typeof returned === "object" && "token" in returned) {
          const { token: _token, ...rest } = returned as Record<string, unknown>;
          return ctx.json(rest);
        }
      }),
    },
    advanced: {
      useSecureCookies: env.appUrl.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { switchyardAuth?: Auth };

/** The better-auth instance, created on first use (never at build time). */
export function getAuth(): Auth {
  globalForAuth.switchyardAuth ??= createAuth();
  return globalForAuth.switchyardAuth;
}
