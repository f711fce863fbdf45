import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * `npm run screenshots`: the pages a designer reviews, at 1440×900 and 390×844, light and dark,
 * written to docs/screenshots/ (not part of `npm test`). Runs the same built app as the e2e
 * tests on a fresh data folder, or an app already running at SCREENSHOTS_URL.
 */
const external = process.env.SCREENSHOTS_URL;

export default defineConfig({
  ...base,
  testMatch: /\.shots\.ts$/,
  projects: undefined,
  retries: 0,
  timeout: 300_000,
  reporter: "list",
  use: { ...base.use, ...(external ? { baseURL: external } : {}), trace: "off", screenshot: "off" },
  // Not the second instance (simulator off): no screenshot needs it.
  webServer: external ? undefined : [base.webServer ?? []].flat().filter((s) => s.env?.SIMULATOR !== "off"),
});
