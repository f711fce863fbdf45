import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { ADMIN, signInByApi } from "./fixtures";
import { appPages } from "./pages/app-pages";

/** An automated accessibility check (axe-core) of every page, light and dark: nothing serious or critical. */
test("every page passes axe-core with no serious or critical violations, light and dark", async ({ page }) => {
  test.setTimeout(240_000);
  await signInByApi(page, ADMIN);
  const pages = await appPages(page);
  const found: string[] = [];
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of pages) {
      await page.goto(p.path);
      await p.ready(page);
      const { violations } = await new AxeBuilder({ page })
        .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
        .analyze();
      for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
        found.push(
          `${p.name} (${scheme}): ${v.id} — ${v.help} — ${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")}`,
        );
      }
    }
  }
  await page.context().clearCookies();
  await page.goto("/sign-in");
  const signIn = await new AxeBuilder({ page }).analyze();
  for (const v of signIn.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
    found.push(`sign-in: ${v.id} — ${v.help}`);
  }
  expect(found).toEqual([]);
});
