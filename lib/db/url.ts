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

/** Query parameters through which PostgreSQL clients accept secrets. */
const SECRET_PARAMS = ["password", "sslpassword", "sslkey"];

/** A URL safe to print: the password (in the authority or the query) replaced by ***. */
export function redactDatabaseUrl(url: string): string {
  if (!/^postgres(ql)?:\/\//.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "postgresql://(unparsable URL)";
  }
  if (parsed.password) parsed.password = "***";
  for (const name of SECRET_PARAMS) if (parsed.searchParams.has(name)) parsed.searchParams.set(name, "***");
  return parsed.toString().replace(/%2A%2A%2A/g, "***");
}
