import "server-only";
import { PrismaClient as PostgresClient } from "@/lib/generated/postgres/client";
import { PrismaClient as SqliteClient } from "@/lib/generated/sqlite/client";
import { createAdapter } from "@/lib/db/adapter";
import { databaseKind } from "@/lib/db/url";
import { getEnv } from "@/lib/env";

/**
 * The Prisma client for DATABASE_URL. Both generated clients expose the same models
 * (one shared prisma/models.prisma); the SQLite one's type stands for both.
 */
export type Db = SqliteClient;

declare global {
  // One client per process, kept across dev reloads (a `var` is what a global declaration takes).
  var switchyardDb: Db | undefined;
}

/** Created on first use (never at build time), once per process (and across dev reloads). */
export function getDb(): Db {
  globalThis.switchyardDb ??= createDb(getEnv().databaseUrl);
  return globalThis.switchyardDb;
}

export function createDb(url: string): Db {
  const adapter = createAdapter(url);
  return databaseKind(url) === "sqlite"
    ? new SqliteClient({ adapter })
    : // The same models from the same schema: only the generated class names differ (see Db).
      (new PostgresClient({ adapter }) as unknown as Db);
}
