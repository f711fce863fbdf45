import { redactDatabaseUrl, sqlitePath, databaseKind } from "./url";

/**
 * One sentence for a database failure at start-up or in /api/health: what is wrong and
 * where, never a stack trace or a password.
 */
export function describeDatabaseError(err: unknown, url: string): string {
  const text = collectMessages(err);
  const code = collectCodes(err);
  if (databaseKind(url) === "sqlite") {
    const file = sqlitePath(url);
    if (
      /NOTADB|not a database|malformed/i.test(text) ||
      code.includes("SQLITE_NOTADB") ||
      code.includes("SQLITE_CORRUPT")
    )
      return `The database file ${file} is not a valid SQLite database (corrupt or another kind of file); restore it from a backup or move it away to start fresh.`;
    if (
      /readonly|read-only|EACCES|EROFS|permission denied/i.test(text) ||
      code.some((c) => /READONLY|EACCES|EROFS|CANTOPEN/.test(c))
    )
      return `The database file ${file} cannot be written (read-only file or folder); give the app write access to it and its folder.`;
    return `The SQLite database ${file} could not be opened: ${firstLine(text)}`;
  }
  const where = redactDatabaseUrl(url);
  if (/ECONNREFUSED|Can't reach database server/.test(text) || code.includes("ECONNREFUSED"))
    return `PostgreSQL at ${where} does not answer: is the server running and listening there?`;
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return `PostgreSQL host in ${where} could not be resolved.`;
  if (/timeout|timed out/i.test(text)) return `PostgreSQL at ${where} did not answer within 5 seconds.`;
  if (/password authentication failed|authentication/i.test(text))
    return `PostgreSQL at ${where} rejected the user name or password.`;
  if (/database .* does not exist/i.test(text)) return `${firstLine(text)} (at ${where}); create it first.`;
  return `PostgreSQL at ${where} could not be used: ${firstLine(text)}`;
}

function firstLine(text: string): string {
  return (text.split("\n").find((l) => l.trim()) ?? "unknown error").trim().slice(0, 300);
}

function collectMessages(err: unknown, depth = 0): string {
  if (!err || typeof err !== "object" || depth > 4) return String(err ?? "");
  const e = err as { message?: unknown; cause?: unknown };
  return [typeof e.message === "string" ? e.message : "", collectMessages(e.cause, depth + 1)].join("\n");
}

function collectCodes(err: unknown, depth = 0): string[] {
  if (!err || typeof err !== "object" || depth > 4) return [];
  const e = err as { code?: unknown; cause?: unknown; originalCode?: unknown };
  return [e.code, e.originalCode]
    .filter((c): c is string => typeof c === "string")
    .concat(collectCodes(e.cause, depth + 1));
}
