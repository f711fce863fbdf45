import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  PRISMA_DIR,
  migrationsDir,
  modelsFile,
  snapshotFile,
  noFilter,
  openOfflineEngine,
  openSchemaEngine,
  readMigrations,
  schemaFiles,
} from "./schema-engine";
import { databaseKind, sqlitePath, type DatabaseKind } from "./url";

export const DATABASE_KINDS: DatabaseKind[] = ["sqlite", "postgres"];

/**
 * Applies every migration not yet applied (Prisma's `migrate deploy`), recording them in
 * Prisma's own `_prisma_migrations` table. Idempotent: a second call applies nothing.
 * For SQLite it first creates the file's folder and switches the file to WAL mode.
 */
export async function deployMigrations(url: string, prismaDir = PRISMA_DIR): Promise<string[]> {
  const kind = databaseKind(url);
  if (kind === "sqlite") prepareSqliteFile(sqlitePath(url));
  const { engine, dispose } = await openSchemaEngine(url, prismaDir);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrations(kind, prismaDir),
      filters: noFilter,
    });
    return appliedMigrationNames;
  } finally {
    await dispose();
  }
}

/**
 * Creates the database file private to this user (0600), like the secret: it holds the
 * encrypted keys, sessions and accounts. SQLite gives its -wal and -shm files the database
 * file's permissions; files from before this rule are narrowed too.
 */
function prepareSqliteFile(file: string): void {
  if (file === ":memory:") return;
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.closeSync(fs.openSync(file, "a", 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  }
  const db = new Database(file);
  try {
    // WAL lets readers proceed while one request writes; the mode is stored in the file.
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

export type MigrationStatus = {
  applied: boolean;
  pending: string[];
  failed: string[];
  edited: string[];
  problem: string | null;
};

/** Compares the database's migration history with the migrations folder (`migrate status`). */
export async function migrationStatus(url: string, prismaDir = PRISMA_DIR): Promise<MigrationStatus> {
  const kind = databaseKind(url);
  const { engine, dispose } = await openSchemaEngine(url, prismaDir);
  try {
    const out = await engine.diagnoseMigrationHistory({
      migrationsList: readMigrations(kind, prismaDir),
      optInToShadowDatabase: false,
      filters: noFilter,
    });
    const h = out.history;
    const pending = h && "unappliedMigrationNames" in h ? h.unappliedMigrationNames : [];
    const problem =
      h?.diagnostic === "migrationsDirectoryIsBehind"
        ? `the database has migrations this checkout lacks: ${h.unpersistedMigrationNames.join(", ")}`
        : h?.diagnostic === "historiesDiverge"
          ? `the database's migration history diverges from prisma/${kind}/migrations after ${h.lastCommonMigrationName ?? "the start"}`
          : null;
    return {
      applied: out.hasMigrationsTable && pending.length === 0 && out.failedMigrationNames.length === 0,
      pending,
      failed: out.failedMigrationNames,
      edited: out.editedMigrationNames,
      problem,
    };
  } finally {
    await dispose();
  }
}

/**
 * SQL that takes a database from the models in `fromModels` (null = empty) to the
 * current models, for one database kind: the engine's schema-to-schema diff, which
 * needs no database (Prisma's `migrate diff --from-schema-datamodel --to-schema-datamodel`).
 */
export async function diffModels(
  kind: DatabaseKind,
  fromModels: string | null,
  prismaDir = PRISMA_DIR,
): Promise<string> {
  const { engine, dispose } = await openOfflineEngine(prismaDir);
  try {
    const to = { tag: "schemaDatamodel" as const, files: schemaFiles(kind, prismaDir) };
    const from =
      fromModels === null
        ? { tag: "empty" as const }
        : { tag: "schemaDatamodel" as const, files: schemaFiles(kind, prismaDir, fromModels) };
    const result = await engine.diff({ from, to, script: true, exitCode: null, filters: noFilter });
    const sql = (result.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  } finally {
    await dispose();
  }
}

function readSnapshot(prismaDir: string): string | null {
  const file = snapshotFile(prismaDir);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

/**
 * Writes a new migration for both databases from the change in prisma/models.prisma since
 * the last migration, then records the models as migrated. Returns the folders written, or
 * an empty list when nothing changed.
 */
export async function createMigration(name: string, prismaDir = PRISMA_DIR, now = new Date()): Promise<string[]> {
  if (!/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`--name must be lower-case letters, digits and underscores, got "${name}"`);
  }
  const snapshot = readSnapshot(prismaDir);
  const scripts = await Promise.all(DATABASE_KINDS.map((kind) => diffModels(kind, snapshot, prismaDir)));
  if (scripts.every((sql) => sql === "")) return [];
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const written: string[] = [];
  DATABASE_KINDS.forEach((kind, i) => {
    const dir = migrationsDir(kind, prismaDir);
    const folder = path.join(dir, `${stamp}_${name}`);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, "migration.sql"), `${scripts[i]}\n`);
    const lock = path.join(dir, "migration_lock.toml");
    if (!fs.existsSync(lock)) {
      const provider = kind === "sqlite" ? "sqlite" : "postgresql";
      fs.writeFileSync(
        lock,
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
      );
    }
    written.push(folder);
  });
  fs.writeFileSync(
    snapshotFile(prismaDir),
    `// Written by \`npm run db:migrate\`: the models as of the newest migration. Do not edit.\n${fs.readFileSync(modelsFile(prismaDir), "utf8")}`,
  );
  return written;
}

/**
 * Problems that would make the two databases disagree with the schema: models changed
 * without a migration, or the two migration folders out of step. Empty when all is well.
 */
export async function checkMigrations(prismaDir = PRISMA_DIR): Promise<string[]> {
  const problems: string[] = [];
  const snapshot = readSnapshot(prismaDir);
  if (snapshot === null) return ["prisma/models.migrated.prisma is missing: run npm run db:migrate"];
  for (const kind of DATABASE_KINDS) {
    if ((await diffModels(kind, snapshot, prismaDir)) !== "") {
      problems.push(`prisma/models.prisma changed since the last migration: run npm run db:migrate -- --name <change>`);
      break;
    }
  }
  const [sqliteNames, pgNames] = DATABASE_KINDS.map((kind) =>
    readMigrations(kind, prismaDir).migrationDirectories.map((d) => d.path),
  );
  if (JSON.stringify(sqliteNames) !== JSON.stringify(pgNames)) {
    problems.push("prisma/sqlite/migrations and prisma/postgres/migrations list different migrations");
  }
  return problems;
}
