import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./fixtures";
import { MatrixPage } from "./pages/matrix-page";
import { ProvidersPage } from "./pages/providers-page";
import { SettingsPage } from "./pages/settings-page";
import { SetupPage } from "./pages/setup-page";
import { Shell } from "./pages/shell";

test("the first visit creates the admin, who creates a viewer", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  const setup = new SetupPage(page);
  await expect(setup.heading).toBeVisible();

  // Bad input is named field by field and nothing is created.
  await setup.submit.click();
  await expect(setup.message("Name is required")).toBeVisible();
  await setup.field("Email").fill("not-an-email");
  await setup.field("Password").fill("short");
  await setup.submit.click();
  await expect(setup.message("Email must be an email address")).toBeVisible();
  await expect(setup.message("Password must be at least 8 characters")).toBeVisible();

  await setup.create(ADMIN);
  const shell = new Shell(page);
  await shell.expectHeading("Compatibility matrix");
  await expect(setup.message("Admin account created")).toBeVisible();
  // A fresh install offers the ways to get a first provider, simulated ones included.
  const matrix = new MatrixPage(page);
  const providers = new ProvidersPage(page);
  await expect(matrix.noProvidersHeading).toBeVisible();
  await expect(providers.link("Scan for local servers")).toBeVisible();
  // Simulated providers are added right here: the matrix stays, and offers running the probes next.
  await providers.addSimulatedButton.click();
  await expect(providers.message("Added 7 simulated providers.")).toBeVisible();
  await expect(matrix.noResultsHeading).toBeVisible();
  await expect(matrix.runProbesButton).toBeVisible();
  await expect(page).toHaveURL(/\/matrix$/);

  // Every navigation entry renders its page.
  for (const [link, heading] of [
    ["Providers", "Providers"],
    ["Playground", "Playground"],
    ["Gateway", "Routes"],
    ["Settings", "Settings"],
    ["Matrix", "Compatibility matrix"],
  ] as const) {
    await shell.navLink(link).click();
    await shell.expectHeading(heading);
    await expect(shell.navLink(link)).toHaveAttribute("aria-current", "page");
  }

  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.activeEnvironment).toHaveText("staging");
  await settings.createAccount(VIEWER, "viewer");
  await expect(providers.message(`Created ${VIEWER.email} as viewer.`)).toBeVisible();
  await expect(settings.accountRow(VIEWER.email).getByRole("combobox")).toHaveValue("viewer");

  // The same email twice is refused with the reason, next to the field.
  await settings.createAccount(VIEWER, "member");
  await expect(settings.newAccountForm.getByText("Email is already used by another account")).toBeVisible();

  await shell.signOut.click();
  await expect(page).toHaveURL(/\/sign-in$/);
});
