import { expect, type Locator, type Page } from "@playwright/test";

/** The compatibility matrix: rows by provider+model, cells by feature, the evidence dialog. */
export class MatrixPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Matrix" }).click();
    await expect(this.page.getByRole("heading", { level: 1, name: "Compatibility matrix" })).toBeVisible();
  }

  /** The (first) row of a provider, whatever its model. */
  row(provider: string): Locator {
    return this.page.getByRole("row", { name: new RegExp(`^${provider} · `) }).first();
  }

  cell(provider: string, feature: string): Locator {
    return this.row(provider).locator(`td[data-feature="${feature}"]`);
  }

  /** Waits until no row is being probed any more. */
  async waitForRunsToFinish(): Promise<void> {
    await expect(this.page.getByText(/^Probing: \d+ of \d+$/)).toHaveCount(0, { timeout: 60_000 });
  }

  async openEvidence(provider: string, feature: string): Promise<Locator> {
    await this.cell(provider, feature).getByRole("button").click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    return dialog;
  }
}
