import { expect, type Locator, type Page } from "@playwright/test";

/** A provider+model's probe history: changes since the previous run, and the latency chart with its line picker. */
export class HistoryPage {
  constructor(private readonly page: Page) {}

  async expectOpen(provider: string): Promise<void> {
    await expect(
      this.page.getByRole("heading", { level: 1, name: new RegExp(`History of ${provider}`) }),
    ).toBeVisible();
  }

  /** "Regression: JSON mode" and the like. */
  change(text: RegExp): Locator {
    return this.page.getByRole("region", { name: "Changes since the previous run" }).getByText(text);
  }

  get chart(): Locator {
    return this.page.getByRole("figure", { name: "Latency per feature over time" });
  }

  get lines(): Locator {
    return this.chart.locator(".recharts-line");
  }

  /** The stroke colour of each line drawn. */
  async lineColours(): Promise<(string | null)[]> {
    return this.chart
      .locator(".recharts-line path.recharts-curve")
      .evaluateAll((paths) => paths.map((p) => p.getAttribute("stroke")));
  }

  /** Ticks the first feature the chart does not show yet. */
  async addLine(): Promise<void> {
    await this.page
      .getByRole("group", { name: /^Lines/ })
      .locator("label")
      .filter({ has: this.page.getByRole("checkbox", { checked: false }) })
      .first()
      .click();
  }
}
