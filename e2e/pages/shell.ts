import { expect, type Locator, type Page } from "@playwright/test";

/** What every signed-in page shares: the header (role, theme toggle, menus) and the sign-in form. */
export class Shell {
  constructor(private readonly page: Page) {}

  get currentRole(): Locator {
    return this.page.getByTestId("current-role");
  }

  get themeToggle(): Locator {
    return this.page.getByRole("button", { name: /^Theme:/ });
  }

  get root(): Locator {
    return this.page.locator("html");
  }

  get skipLink(): Locator {
    return this.page.getByRole("link", { name: "Skip to content" });
  }

  /** A link of the main navigation. */
  navLink(name: string): Locator {
    return this.mainNav.getByRole("link", { name });
  }

  get signOut(): Locator {
    return this.page.getByRole("button", { name: "Sign out" });
  }

  get mainNav(): Locator {
    return this.page.getByRole("navigation", { name: "Main", exact: true });
  }

  /** Opens the phone menu and follows one of its links. */
  async openFromMenu(link: string): Promise<void> {
    await this.page.getByRole("button", { name: "Menu" }).click();
    await this.page.getByRole("navigation", { name: "Main (mobile)" }).getByRole("link", { name: link }).click();
  }

  async expectHeading(name: string | RegExp): Promise<void> {
    await expect(this.page.getByRole("heading", { level: 1, name })).toBeVisible();
  }
}

/** The sign-in form, used as a person does (the fixtures sign in through the API too). */
export class SignInPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto("/sign-in");
  }

  async submit(email: string, password: string): Promise<void> {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  get alert(): Locator {
    return this.page.getByRole("main").getByRole("alert");
  }

  get button(): Locator {
    return this.page.getByRole("button", { name: "Sign in" });
  }
}
