/**
 * Which database a DATABASE_URL names. `file:` URLs are the embedded SQLite default;
 * `postgres://` and `postgresql://` run the same code on PostgreSQL.
 */
export type DatabaseKind = "sqlite" | "postgres";

export function databaseKind(url: string): DatabaseKind {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url.split(":")[0]}:…"`,
  );
}

/** The file path inside a `file:` URL (relative paths are relative to the working directory). */
export function sqlitePath(url: string): string {
  return url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");
}

/** A URL safe to print: the password (if any) replaced by ***. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, "//$1:***@");
}
