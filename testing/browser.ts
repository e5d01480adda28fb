/**
 * Test support: a real browser, Debian's `chromium`, driven by playwright-core through the
 * DevTools protocol, for the live view's page. playwright-core is imported here with its pinned
 * version (see fast_check.ts): no program downloads it. It brings no browser of its own; the one
 * the system installed is launched (`.ci/run` installs it in CI).
 *
 * Every wait is on something the page does, with a deadline: {@link TestPage.until} polls a
 * condition inside the page until it holds.
 *
 * @module
 */

// deno-lint-ignore no-import-prefix -- pinned here, not in deno.json: see fast_check.ts.
import { type Browser, chromium, type Page } from "npm:playwright-core@1.65.1";

export type { Page };

/** Where Debian installs it. */
const CHROMIUM = "/usr/bin/chromium";
/** How long any one wait in the page may take. */
export const PAGE_WAIT_MS = 8000;

/**
 * Flags that make Chromium start quickly and quietly in a test: no sandbox (we may run as root),
 * no GPU, and none of its background connections, which a machine without internet refuses.
 */
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The little of a page's globals the tests use, typed here: the DOM's types are not Deno's. */
export interface InPage {
  readonly document: {
    querySelectorAll(
      selector: string,
    ): { readonly length: number } & Iterable<{ readonly textContent: string | null }>;
  };
  readonly navigator: { readonly clipboard: { readText(): Promise<string> } };
  /** What an injected script would set, if one ever ran. */
  readonly pwned?: unknown;
  /** Content-Security-Policy violations the page reported (see the escaping test). */
  readonly violations?: string[];
}

interface Violation {
  readonly violatedDirective: string;
  readonly blockedURI: string;
  readonly sample: string;
}

/** A headless Chromium for one test; each page gets a fresh profile. */
export class TestBrowser implements AsyncDisposable {
  readonly #browser: Browser;

  private constructor(browser: Browser) {
    this.#browser = browser;
  }

  static async launch(): Promise<TestBrowser> {
    const browser = await chromium.launch({
      executablePath: Deno.env.get("CHROMIUM") ?? CHROMIUM,
      headless: true,
      args: ARGS,
      timeout: 30_000,
    });
    return new TestBrowser(browser);
  }

  /** A new page at `url`, its errors collected, loaded. */
  async open(url: string, viewport = { width: 1280, height: 800 }): Promise<TestPage> {
    const context = await this.#browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_WAIT_MS);
    const test = new TestPage(page);
    // Before any script of the page: every Content-Security-Policy violation is noted, so a test
    // can tell that nothing tried to run or load (see the live view's escaping test).
    await page.addInitScript(() => {
      const g = globalThis as unknown as InPage & {
        violations: string[];
        document: { addEventListener(type: string, fn: (e: Violation) => void): void };
      };
      g.violations = [];
      g.document.addEventListener("securitypolicyviolation", (e) => {
        g.violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    await page.goto(url);
    return test;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.#browser.close();
  }
}

/** A page, with what went wrong in it. */
export class TestPage {
  readonly page: Page;
  /** Uncaught errors and console errors, as the page reported them. */
  readonly errors: string[] = [];

  constructor(page: Page) {
    this.page = page;
    page.on("pageerror", (error) => this.errors.push(`pageerror: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error") this.errors.push(`console: ${message.text()}`);
    });
  }

  /**
   * Waits until `count` elements match `selector`, checked each time the page draws. The check
   * is a function, not text: the page's Content-Security-Policy forbids evaluating text.
   */
  async untilCount(selector: string, count: number): Promise<void> {
    try {
      await this.page.waitForFunction(
        ([css, n]) => (globalThis as unknown as InPage).document.querySelectorAll(css).length === n,
        [selector, count] as const,
        { timeout: PAGE_WAIT_MS },
      );
    } catch (error) {
      const text = await this.page.locator("body").innerText().catch(() => "(no page)");
      throw new Error(
        `the page never showed ${count} × ${selector}; it shows:\n${text}\n${
          this.errors.join("\n")
        }`,
        { cause: error },
      );
    }
  }

  /** Waits until an element matching `selector` shows exactly `text`. */
  async untilText(selector: string, text: string): Promise<void> {
    try {
      await this.page.waitForFunction(
        ([css, want]) =>
          [...(globalThis as unknown as InPage).document.querySelectorAll(css)]
            .some((e) => e.textContent === want),
        [selector, text] as const,
        { timeout: PAGE_WAIT_MS },
      );
    } catch (error) {
      const shown = await this.texts(selector).catch(() => []);
      throw new Error(`the page never showed "${text}" in ${selector}; it shows: ${shown}`, {
        cause: error,
      });
    }
  }

  /** The Content-Security-Policy violations the page saw, and whether `pwned` was ever set. */
  signsOfInjection(): Promise<{ violations: string[]; pwned: unknown }> {
    return this.page.evaluate(() => {
      const g = globalThis as unknown as InPage;
      return { violations: g.violations ?? [], pwned: g.pwned ?? null };
    });
  }

  /** The visible text of every element matching `selector`. */
  texts(selector: string): Promise<string[]> {
    return this.page.locator(selector).allInnerTexts();
  }
}
