import { expect, type Locator, type Page } from "@playwright/test";
import { EvidenceDialog } from "./evidence-dialog";

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

  /** Every verdict cell on screen (probed, not probed, or probing). */
  get cells(): Locator {
    return this.grid.locator("td[data-feature]");
  }

  /** The cell of one provider (its first model) and feature, in either layout. */
  cell(provider: string, feature: string): Locator {
    return this.grid.locator(`td[data-provider="${provider}"][data-feature="${feature}"]`).first();
  }

  /** Row headers (providers as rows) whose name matches. */
  rowHeaders(name: RegExp): Locator {
    return this.grid.getByRole("rowheader", { name });
  }

  /** What the matrix of a fresh install (no provider yet) says. */
  get noProvidersHeading(): Locator {
    return this.page.getByRole("heading", { name: "No providers yet" });
  }

  /** "Run probes" on a matrix never probed. */
  get runProbesButton(): Locator {
    return this.page.getByRole("button", { name: "Run probes", exact: true });
  }

  /** What an empty matrix (providers, but nothing probed) says. */
  get noResultsHeading(): Locator {
    return this.page.getByRole("heading", { name: "No probe results yet" });
  }

  get onlyProblems(): Locator {
    return this.page.getByLabel("Only rows with problems");
  }

  get kindFilter(): Locator {
    return this.page.getByLabel("Provider kind");
  }

  /** A link of the Export navigation (CSV, Markdown, JSON). */
  exportLink(format: string): Locator {
    return this.page.getByRole("navigation", { name: "Export" }).getByRole("link", { name: format });
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

  /** The button of a cell (its accessible name and tooltip tell the verdict). */
  cellButton(provider: string, feature: string): Locator {
    return this.cell(provider, feature).getByRole("button");
  }

  async openEvidence(provider: string, feature: string): Promise<EvidenceDialog> {
    await this.cellButton(provider, feature).click();
    const dialog = new EvidenceDialog(this.page);
    await expect(dialog.root).toBeVisible();
    return dialog;
  }

  /** The evidence dialog as it is now (opened by a deep link, say). */
  get evidence(): EvidenceDialog {
    return new EvidenceDialog(this.page);
  }

  /** "Run probes" on a matrix never probed, else "Run all probes". */
  async runAll(): Promise<void> {
    const empty = this.runProbesButton;
    await ((await empty.isVisible()) ? empty : this.page.getByRole("button", { name: "Run all probes" })).click();
  }

  get progress(): Locator {
    return this.page.getByRole("progressbar", { name: "Probing progress" });
  }

  layoutButton(layout: "Providers as rows" | "Features as rows"): Locator {
    return this.page.getByRole("group", { name: "Layout" }).getByRole("button", { name: layout });
  }
}
