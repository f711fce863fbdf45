import "server-only";
import { describeDatabaseError } from "@/lib/db/errors";
import { databaseKind, type DatabaseKind } from "@/lib/db/url";
import { APP_VERSION, getEnv } from "@/lib/env";
import { getDb } from "./db";

export type Health = {
  status: "ok" | "degraded";
  version: string;
  environment: string;
  database: { kind: DatabaseKind; ok: boolean; message?: string };
};

/** What /api/health reports: no secrets, no URLs with passwords, one sentence on failure. */
export async function checkHealth(): Promise<Health> {
  const env = getEnv();
  const kind = databaseKind(env.databaseUrl);
  let database: Health["database"] = { kind, ok: true };
  try {
    await getDb().$queryRaw`SELECT 1`;
  } catch (err) {
    database = { kind, ok: false, message: describeDatabaseError(err, env.databaseUrl) };
  }
  return { status: database.ok ? "ok" : "degraded", version: APP_VERSION, environment: env.environment, database };
}
