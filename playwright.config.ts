import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

/**
 * End-to-end tests in the system's Chromium (Debian's `chromium`; Playwright's own browser
 * download cannot work offline) against the built app on a fresh database file.
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Without these Chromium keeps trying to reach Google's services, which this network refuses.
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    // The first visit to a fresh database creates the admin; everything else runs after it.
    { name: "first-run", testMatch: /first-run\.spec\.ts/ },
    { name: "app", testIgnore: /first-run\.spec\.ts/, dependencies: ["first-run"] },
  ],
  webServer: {
    // A fresh data folder each run; the start script builds only if the build is stale.
    command: "rm -rf .e2e && node_modules/.bin/tsx scripts/start.ts",
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: { DATA_DIR: ".e2e/data", PORT: String(PORT), APP_URL: baseURL, ENVIRONMENT: "staging" },
  },
});
