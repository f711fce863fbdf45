import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getEnv } from "@/lib/env";
import { providerFieldsSchema } from "@/lib/schemas/providers";
import { deriveKey } from "@/lib/server/crypto";
import { getDb } from "@/lib/server/db";
import { createProvider } from "@/lib/server/providers/service";
import { decryptSecret } from "@/lib/server/secrets";
import { createTestDatabase } from "@/lib/testing/test-database";

const ROOT = path.resolve(import.meta.dirname, "..");
const KEY = "sk-rotate-me-0123456789abcdef";
const HEADER = "header-secret-value-42";

let db: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  db = await createTestDatabase();
  await createProvider(
    providerFieldsSchema.parse({
      name: "Rotated",
      kind: "openai",
      baseUrl: "https://api.openai.com/v1",
      apiKey: KEY,
      headers: [{ name: "X-Org", value: HEADER }],
      timeoutMs: 10_000,
      maxRetries: 0,
      concurrency: 1,
      environments: ["production"],
    }),
    null,
  );
});
afterAll(async () => {
  await getDb().$disconnect();
  await db.drop();
});

function rotate(args: string[] = []) {
  return spawnSync(
    path.join(ROOT, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/secrets-rotate.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DATA_DIR: db.dataDir, DATABASE_URL: db.url },
      timeout: 60_000,
    },
  );
}

test("npm run secrets:rotate re-encrypts every secret under a new secret file", async () => {
  const oldSecret = getEnv().secret;
  const secretFile = path.join(db.dataDir, "secret");
  expect(fs.existsSync(secretFile)).toBe(true);

  const run = rotate();
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  expect(run.stdout).toContain("Re-encrypted 2 secret(s) of 1 provider(s).");

  const newSecret = Buffer.from(fs.readFileSync(secretFile, "utf8").trim(), "hex");
  expect(newSecret).toHaveLength(32);
  expect(newSecret.equals(oldSecret)).toBe(false);
  expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);

  const row = await getDb().provider.findUniqueOrThrow({ where: { name: "Rotated" } });
  const newKey = deriveKey("secrets", newSecret);
  expect(decryptSecret(row.apiKeyCipher!, newKey)).toBe(KEY);
  const [header] = row.headers as { valueCipher: string }[];
  expect(decryptSecret(header!.valueCipher, newKey)).toBe(HEADER);
  expect(() => decryptSecret(row.apiKeyCipher!, deriveKey("secrets", oldSecret))).toThrow(/cannot be decrypted/);
  expect(run.stdout).not.toContain(KEY);
});

test("a bad --new-secret writes nothing", async () => {
  const before = await getDb().provider.findUniqueOrThrow({ where: { name: "Rotated" } });
  const run = rotate(["--new-secret", "short"]);
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toBe(
    "secrets:rotate: --new-secret must be 64 hex characters (32 random bytes), e.g. from `openssl rand -hex 32`",
  );
  const after = await getDb().provider.findUniqueOrThrow({ where: { name: "Rotated" } });
  expect(after.apiKeyCipher).toBe(before.apiKeyCipher);
});
