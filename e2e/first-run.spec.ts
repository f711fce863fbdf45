import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./fixtures";
import { SettingsPage } from "./pages/settings-page";

test("the first visit creates the admin, who creates a viewer", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the admin account" })).toBeVisible();

  // Bad input is named field by field and nothing is created.
  await page.getByRole("button", { name: "Create the admin account" }).click();
  await expect(page.getByText("Name is required")).toBeVisible();
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create the admin account" }).click();
  await expect(page.getByText("Email must be an email address")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();

  await page.getByLabel("Name").fill(ADMIN.name);
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Create the admin account" }).click();
  await expect(page.getByRole("heading", { name: "Compatibility matrix" })).toBeVisible();
  await expect(page.getByText("Admin account created")).toBeVisible();
  // A fresh install offers the ways to get a first provider, simulated ones included.
  await expect(page.getByRole("heading", { name: "No providers yet" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Scan for local servers" })).toBeVisible();
  // Simulated providers are added right here: the matrix stays, and offers running the probes next.
  await page.getByRole("button", { name: "Add simulated providers" }).click();
  await expect(page.getByText("Added 7 simulated providers.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "No probe results yet" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Run probes", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/matrix$/);

  // Every navigation entry renders its page.
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const [link, heading] of [
    ["Providers", "Providers"],
    ["Playground", "Playground"],
    ["Settings", "Settings"],
    ["Matrix", "Compatibility matrix"],
  ] as const) {
    await nav.getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(nav.getByRole("link", { name: link })).toHaveAttribute("aria-current", "page");
  }

  const settings = new SettingsPage(page);
  await settings.open();
  await expect(page.getByTestId("active-environment")).toHaveText("staging");
  await settings.createAccount(VIEWER, "viewer");
  await expect(page.getByText(`Created ${VIEWER.email} as viewer.`)).toBeVisible();
  await expect(settings.accountRow(VIEWER.email).getByRole("combobox")).toHaveValue("viewer");

  // The same email twice is refused with the reason, next to the field.
  await settings.createAccount(VIEWER, "member");
  await expect(settings.newAccountForm.getByText("Email is already used by another account")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
});
