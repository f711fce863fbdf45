import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER, signIn } from "./fixtures";

test("wrong credentials say so without telling whether the account exists", async ({ page }) => {
  for (const email of [VIEWER.email, "nobody@example.com"]) {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("definitely-wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong email or password.");
  }
});

test("once set up, the setup page sends visitors to sign in", async ({ page }) => {
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/sign-in$/);
});

test("a viewer cannot reach admin-only actions, in the UI or through the API", async ({ page }) => {
  await signIn(page, VIEWER);
  await expect(page.getByTestId("current-role")).toHaveText("viewer");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByText("Only admins create accounts and change roles.")).toBeVisible();
  await expect(page.getByRole("form", { name: "New account" })).toHaveCount(0);

  // The browser's session cookie, straight at the API: refused.
  const list = await page.request.get("/api/users");
  expect(list.status()).toBe(403);
  const create = await page.request.post("/api/users", {
    data: { name: "Sneaky", email: "sneaky@example.com", password: "sneaky-pass", role: "admin" },
  });
  expect(create.status()).toBe(403);
  expect((await create.json()).error.code).toBe("forbidden");
});

test("an admin changes a role and the change takes effect", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel(`Role of ${VIEWER.name}`).selectOption("member");
  await expect(page.getByText(`${VIEWER.name} is now member.`)).toBeVisible();

  const other = await browser.newPage();
  await signIn(other, VIEWER);
  await expect(other.getByTestId("current-role")).toHaveText("member");
  await other.close();

  await page.getByLabel(`Role of ${VIEWER.name}`).selectOption("viewer");
  await expect(page.getByText(`${VIEWER.name} is now viewer.`)).toBeVisible();
});
