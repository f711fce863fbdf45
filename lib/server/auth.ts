import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { databaseKind } from "@/lib/db/url";
import { getEnv } from "@/lib/env";
import { deriveKey } from "./crypto";
import { getDb } from "./db";

/** Failed and successful sign-in attempts allowed per client address per minute. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

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
    rateLimit: {
      enabled: true,
      // In the database so that several app instances share the counters.
      storage: "database",
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE } },
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
