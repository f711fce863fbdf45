#!/usr/bin/env node
// Stand-in for Prisma's native schema-engine binary, which Prisma's CLI downloads from
// its own server (unreachable on offline machines). `prisma generate` only checks that
// PRISMA_SCHEMA_ENGINE_BINARY names a file; migrations run through Prisma's WebAssembly
// schema engine in scripts/db.ts instead. See README, "Database and migrations".
process.stderr.write(
  "Switchyard runs Prisma's schema engine as WebAssembly: use `npm run db:migrate`, " +
    "`npm run db:deploy` or `npm run db:status` instead of `prisma migrate`.\n",
);
process.exit(1);
