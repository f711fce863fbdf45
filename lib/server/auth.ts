import "server-only";
import { betterAuth } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { databaseKind } from "@/lib/db/url";
import { getEnv } from "@/lib/env";
import { deriveKey } from "./crypto";
import { getDb } from "./db";
import { CLIENT_ADDRESS_HEADER } from "./http/client-address";
import { allowedOrigins } from "./origins";
import { clientAddress, recordFailedSignIn, signInBlockedFor } from "./sign-in-limit";

const SIGN_IN = "/sign-in/email";
const CHANGE_PASSWORD = "/change-password";
/** Endpoints whose JSON would carry session tokens (a password change starts a new session) (the token lives in the httpOnly cookie only). */
const SESSION_READS = new Set([SIGN_IN, CHANGE_PASSWORD, "/get-session", "/list-sessions"]);

/** Who is signing in: the email typed and the client address, for the failure limits. */
function signInSubject(ctx: { body?: unknown; request?: Request; headers?: Headers }) {
  const email = (ctx.body as { email?: unknown } | undefined)?.email;
  return { email: typeof email === "string" ? email : "", address: clientAddress(ctx.request?.headers ?? ctx.headers) };
}

/** `value` without any `token` member, at the top level, in `session`, or in each element of a list. */
function withoutTokens(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTokens);
  if (value === null || typeof value !== "object") return value;
  const { token: _token, ...rest } = value as Record<string, unknown>;
  if (rest.session && typeof rest.session === "object") rest.session = withoutTokens(rest.session);
  return rest;
}

function holdsToken(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsToken);
  if (value === null || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return "token" in record || holdsToken(record.session);
}

/**
 * The middleware around better-auth's endpoints: failed sign-ins have their own, stricter
 * limit (sign-in-limit.ts), a changed password ends the account's other sessions, and session
 * tokens are kept out of script-readable JSON.
 */
function authHooks() {
  return {
    before: createAuthMiddleware(async (ctx) => {
      // A changed password ends every other session of the account (a thief's too).
      if (ctx.path === CHANGE_PASSWORD) {
        return { context: { body: { ...(ctx.body as object), revokeOtherSessions: true } } };
      }
      if (ctx.path !== SIGN_IN) return;
      const block = await signInBlockedFor(signInSubject(ctx));
      if (block) {
        const who = block.scope === "account" ? "for this account" : "from your address";
        throw new APIError("TOO_MANY_REQUESTS", {
          message: `Too many failed sign-ins ${who}. Try again in ${Math.ceil(block.waitSeconds / 60)} minute(s).`,
        });
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (!SESSION_READS.has(ctx.path)) return;
      const returned = ctx.context.returned;
      if (isAPIError(returned)) {
        if (ctx.path === SIGN_IN && returned.statusCode === 401) await recordFailedSignIn(signInSubject(ctx));
        return;
      }
      // The session lives in the httpOnly cookie; keep its token out of script-readable JSON.
      // ctx.json serialises arrays too (list-sessions), whatever its parameter type says.
      if (holdsToken(returned)) return ctx.json(withoutTokens(returned) as Record<string, unknown>);
    }),
  };
}

function createAuth() {
  const env = getEnv();
  return betterAuth({
    appName: "Switchyard",
    baseURL: env.appUrl,
    basePath: "/api/auth",
    secret: deriveKey("auth").toString("hex"),
    // Mutations from any other origin are refused (CSRF): better-auth checks Origin.
    trustedOrigins: [...allowedOrigins()],
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
    hooks: authHooks(),
    advanced: {
      // Its own flood guard counts per client: the address the front door resolved from the socket.
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: env.appUrl.startsWith("https://"),
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

declare global {
  // One better-auth instance per process (and across dev reloads).
  var switchyardAuth: Auth | undefined;
}

/** The better-auth instance, created on first use (never at build time). */
export function getAuth(): Auth {
  globalThis.switchyardAuth ??= createAuth();
  return globalThis.switchyardAuth;
}
