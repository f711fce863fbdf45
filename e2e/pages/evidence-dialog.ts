import type { Locator, Page } from "@playwright/test";

/** The evidence dialog behind one matrix cell. */
export class EvidenceDialog {
  readonly root: Locator;

  constructor(page: Page) {
    this.root = page.getByRole("dialog");
  }

  get heading(): Locator {
    return this.root.getByRole("heading", { level: 2 });
  }

  get reason(): Locator {
    return this.root.getByTestId("evidence-reason");
  }

  get previous(): Locator {
    return this.root.getByTestId("evidence-previous");
  }

  /** "HTTP 400: <the server's message>", one per failed exchange. */
  get exchangeErrors(): Locator {
    return this.root.getByTestId("exchange-error");
  }

  get warnings(): Locator {
    return this.root.getByRole("list", { name: "Warnings" });
  }

  get flags(): Locator {
    return this.root.getByRole("list", { name: "Flags" });
  }

  /** "3 minutes ago · manual run by Ada · run permalink". */
  get probed(): Locator {
    return this.root.getByRole("definition").filter({ hasText: "run permalink" });
  }

  get permalink(): Locator {
    return this.root.getByRole("link", { name: "run permalink" });
  }

  /** Opens the first request excerpt and returns its text block. */
  async openFirstRequestExcerpt(): Promise<Locator> {
    await this.root.getByText("Request excerpt").first().click();
    return this.root.locator("pre").first();
  }
}
