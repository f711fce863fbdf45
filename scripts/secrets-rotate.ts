/**
 * `npm run secrets:rotate [-- --new-secret <64 hex>]`: re-encrypts every stored provider
 * secret under a new SWITCHYARD_SECRET. With a generated secret file (the default) the file
 * is replaced; with SWITCHYARD_SECRET set, prints the new value to put in its place.
 * Signing in again is needed afterwards (sessions are signed with the same secret).
 * Run with the app stopped. Runs under the react-server condition so server modules load.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { parseArgs } from "node:util";
import { getEnv, secretFilePath } from "../lib/env";
import { createDb } from "../lib/server/db";
import { rotateProviderSecrets } from "../lib/server/providers/rotate";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "new-secret": { type: "string" } } });
  const env = getEnv();
  const given = values["new-secret"];
  if (given !== undefined && !/^[0-9a-fA-F]{64}$/.test(given)) {
    throw new Error("--new-secret must be 64 hex characters (32 random bytes), e.g. from `openssl rand -hex 32`");
  }
  const next = given ? Buffer.from(given, "hex") : crypto.randomBytes(32);
  if (next.equals(env.secret)) throw new Error("--new-secret is the secret already in use");

  const file = secretFilePath(env.dataDir);
  const staged = `${file}.new`;
  // Stage the new secret before touching the database, so a crash leaves it recoverable.
  if (env.secretSource === "file") fs.writeFileSync(staged, `${next.toString("hex")}\n`, { mode: 0o600 });

  const db = createDb(env.databaseUrl);
  try {
    const { providers, secrets } = await rotateProviderSecrets(db, env.secret, next);
    console.log(`Re-encrypted ${secrets} secret(s) of ${providers} provider(s).`);
  } catch (err) {
    if (env.secretSource === "file") fs.rmSync(staged, { force: true });
    throw err;
  } finally {
    await db.$disconnect();
  }

  if (env.secretSource === "file") {
    fs.renameSync(staged, file);
    console.log(`The new secret is in ${file}. Restart the app; everyone signs in again.`);
  } else {
    console.log("SWITCHYARD_SECRET is set in the environment: replace it with this value, then restart the app:");
    console.log(next.toString("hex"));
  }
}

main().catch((err: unknown) => {
  console.error(`secrets:rotate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
