import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // `server-only` throws outside React Server Components; tests import server modules directly.
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"],
    environment: "node",
    // Each integration test file makes its own database file; two cores, so keep it modest.
    maxWorkers: 2,
    testTimeout: 20_000,
    // Logs of passing tests (better-auth warns on every failed sign-in) would bury the failures.
    silent: "passed-only",
    hookTimeout: 60_000,
  },
});
