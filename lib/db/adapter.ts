import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKind, sqlitePath } from "./url";

/**
 * The Prisma driver adapter for a DATABASE_URL. SQLite waits up to 5 s on a locked
 * file (busy timeout) rather than failing at once when two requests write together;
 * PostgreSQL gives up connecting after 5 s so a dead server is reported, not waited on.
 */
export function createAdapter(url: string) {
  return databaseKind(url) === "sqlite"
    ? new PrismaBetterSqlite3({ url: `file:${sqlitePath(url)}`, timeout: 5000 })
    : new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5000 });
}
