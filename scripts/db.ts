/**
 * Database commands (`npm run db:*`). Prisma's CLI cannot run migrations on machines that
 * cannot download its native schema engine; these drive the WebAssembly build instead
 * (lib/db/schema-engine.ts). `generate` runs Prisma's own generator for both clients.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkMigrations, createMigration, deployMigrations, migrationStatus } from "../lib/db/migrate";
import { redactDatabaseUrl } from "../lib/db/url";
import { getEnv } from "../lib/env";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: "string" } },
});
const command = positionals[0];

async function main(): Promise<void> {
  switch (command) {
    case "deploy": {
      const url = getEnv().databaseUrl;
      const applied = await deployMigrations(url);
      console.log(
        applied.length
          ? `Applied ${applied.length} migration(s) to ${redactDatabaseUrl(url)}: ${applied.join(", ")}`
          : `Database ${redactDatabaseUrl(url)} is up to date.`,
      );
      return;
    }
    case "status": {
      const status = await migrationStatus(getEnv().databaseUrl);
      console.log(JSON.stringify(status, null, 2));
      if (!status.applied || status.problem) process.exitCode = 1;
      return;
    }
    case "migrate": {
      if (!values.name) throw new Error("usage: npm run db:migrate -- --name <what_changed>");
      const written = await createMigration(values.name);
      console.log(
        written.length
          ? `Wrote:\n${written.join("\n")}`
          : "No change in prisma/models.prisma since the last migration.",
      );
      return;
    }
    case "check": {
      const problems = await checkMigrations();
      if (problems.length) throw new Error(problems.join("\n"));
      console.log("Migrations match prisma/models.prisma for SQLite and PostgreSQL.");
      return;
    }
    case "generate": {
      const prisma = path.resolve(import.meta.dirname, "../node_modules/.bin/prisma");
      // Prisma's CLI insists on a schema-engine binary even for `generate`, which never runs it.
      const env = {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: path.resolve(import.meta.dirname, "schema-engine-offline.cjs"),
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      };
      for (const kind of ["sqlite", "postgres"]) {
        execFileSync(prisma, ["generate", "--schema", `prisma/${kind}`], { stdio: "inherit", env });
      }
      return;
    }
    default:
      throw new Error("usage: tsx scripts/db.ts deploy | status | migrate --name <name> | check | generate");
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
