import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
/** A standalone simulator (every profile under /<profile>/v1) for providers to point at. */
export const SIMULATOR_PORT = 14010;
/** Root-mounted simulator profiles on the ports "Scan for local servers" is told to try. */
export const DISCOVERY_LAYOUT = { ollama: 14434, lmstudio: 14234 } as const;
/** A second instance of the app with the simulator off, for what the pages say then (`e2e/simulator-off.spec.ts`). */
export const SIMULATOR_OFF_PORT = PORT + 1;
const simulatorOffURL = `http://127.0.0.1:${SIMULATOR_OFF_PORT}`;
const simulator = (args: string, port: number) => ({
  command: `node_modules/.bin/tsx scripts/simulator.ts --port ${port} ${args}`,
  url: `http://127.0.0.1:${port}/${args ? "v1/models" : "openai/v1/models"}`,
  reuseExistingServer: false,
  timeout: 60_000,
});

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
    { name: "app", testIgnore: /(first-run|simulator-off)\.spec\.ts/, dependencies: ["first-run"] },
    { name: "simulator-off", testMatch: /simulator-off\.spec\.ts/, use: { baseURL: simulatorOffURL } },
  ],
  webServer: [
    {
      // A fresh data folder each run; the start script builds only if the build is stale.
      command: "rm -rf .e2e && node_modules/.bin/tsx --conditions=react-server scripts/start.ts",
      url: `${baseURL}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        DATA_DIR: ".e2e/data",
        PORT: String(PORT),
        APP_URL: baseURL,
        ENVIRONMENT: "staging",
        // The built-in simulator is on by default only in development; the e2e tests use it.
        SIMULATOR: "on",
        DISCOVERY_PORTS: Object.values(DISCOVERY_LAYOUT).join(","),
      },
    },
    {
      // Started once the first instance answers (so the two never build at once), on its own data folder.
      command: `until curl -sf ${baseURL}/api/health >/dev/null; do sleep 1; done; rm -rf .e2e/simulator-off && node_modules/.bin/tsx --conditions=react-server scripts/start.ts --no-build`,
      url: `${simulatorOffURL}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: "pipe",
      env: {
        DATA_DIR: ".e2e/simulator-off/data",
        PORT: String(SIMULATOR_OFF_PORT),
        APP_URL: simulatorOffURL,
        ENVIRONMENT: "staging",
        SIMULATOR: "off",
      },
    },
    simulator("", SIMULATOR_PORT),
    ...Object.entries(DISCOVERY_LAYOUT).map(([profile, port]) => simulator(`--profile ${profile}`, port)),
  ],
});
