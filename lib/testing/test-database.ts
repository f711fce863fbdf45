import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { deployMigrations } from "@/lib/db/migrate";

/**
 * A fresh, migrated database for one test file: an SQLite file in a temp folder, or — when
 * TEST_DATABASE_URL names a PostgreSQL server (CI's second run) — a new database on it.
 * Also points DATA_DIR and DATABASE_URL at it, before the app reads its configuration.
 */
export async function createTestDatabase(): Promise<{ url: string; dataDir: string; drop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-test-"));
  const server = process.env.TEST_DATABASE_URL;
  let url: string;
  let dropDb = async () => {};
  if (server && /^postgres(ql)?:\/\//.test(server)) {
    const name = `sy_test_${crypto.randomBytes(6).toString("hex")}`;
    await withPg(server, (c) => c.query(`CREATE DATABASE ${name}`));
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDb = async () => {
      await withPg(server, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    };
  } else {
    url = `file:${path.join(dataDir, "test.db")}`;
  }
  process.env.DATA_DIR = dataDir;
  process.env.DATABASE_URL = url;
  await deployMigrations(url);
  return {
    url,
    dataDir,
    drop: async () => {
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
