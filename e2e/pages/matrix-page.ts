import { expect, type Locator, type Page } from "@playwright/test";

/** The compatibility matrix: its two layouts, cells by provider and feature, the evidence dialog. */
export class MatrixPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Matrix" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Compatibility matrix" })).toBeVisible();
  }

  get grid(): Locator {
    return this.page.getByRole("region", { name: "Compatibility matrix" });
  }

  /** "Providers as rows" or "Features as rows" (remembered for the user). */
  async setLayout(layout: "Providers as rows" | "Features as rows"): Promise<void> {
    const button = this.page.getByRole("group", { name: "Layout" }).getByRole("button", { name: layout });
    await button.click();
    await expect(button).toHaveAttribute("aria-pressed", "true");
  }

  /** The header of a provider+model (a row header, or a column header when features are rows). */
  target(provider: string): Locator {
    return this.grid
      .getByRole("rowheader", { name: new RegExp(`^${provider} · `) })
      .or(this.grid.getByRole("columnheader", { name: new RegExp(`^${provider} · `) }));
  }

  /** The cell of one provider (its first model) and feature, in either layout. */
  cell(provider: string, feature: string): Locator {
    return this.grid.locator(`td[data-provider="${provider}"][data-feature="${feature}"]`).first();
  }

  /** The row-level finding under a provider+model's name ("chat is refused: …"). */
  finding(provider: string): Locator {
    return this.target(provider).getByTestId("row-finding");
  }

  /** The marker of a cell whose answer came with warnings (spec deviations). */
  warningsMarker(provider: string, feature: string): Locator {
    return this.cell(provider, feature).getByTestId("warnings-marker");
  }

  /** The Run button of a provider's (first) model. */
  runButton(provider: string): Locator {
    return this.grid.getByRole("button", { name: new RegExp(`^Run probes for ${provider} · `) }).first();
  }

  historyLink(provider: string): Locator {
    return this.grid.getByRole("link", { name: new RegExp(`^History of ${provider} · `) }).first();
  }

  /** Waits until nothing is being probed any more. */
  async waitForRunsToFinish(): Promise<void> {
    await expect(this.page.getByRole("progressbar", { name: "Probing progress" })).toHaveCount(0, { timeout: 90_000 });
  }

  async openEvidence(provider: string, feature: string): Promise<Locator> {
    await this.cell(provider, feature).getByRole("button").click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
