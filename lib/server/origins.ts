import "server-only";
import { getEnv } from "@/lib/env";

/**
 * Origins whose pages may send mutations (our routes and better-auth's): APP_URL,
 * TRUSTED_ORIGINS, and localhost / 127.0.0.1 / [::1] on PORT. Never derived from the
 * request's own Host header (see withRoute's origin check).
 */
export function allowedOrigins(): Set<string> {
  const env = getEnv();
  const local = [`http://localhost:${env.port}`, `http://127.0.0.1:${env.port}`, `http://[::1]:${env.port}`];
  return new Set([env.appUrl, ...env.trustedOrigins, ...local]);
}
