// Helpers shared by the journeys: waiting for hydration, reading the mail outbox.
import { expect, Page, TestInfo } from "@playwright/test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** True in the project that runs with JavaScript. */
export function withJs(info: TestInfo): boolean {
  return info.project.use.javaScriptEnabled !== false;
}

/** Opens a page; with JavaScript, waits until the Leptos app has hydrated (clicks before are lost). */
export async function open(page: Page, info: TestInfo, path: string) {
  if (withJs(info)) watchConsole(page);
  await page.goto(path);
  await hydrated(page, info);
}

/** Browser console errors per page, so that a page that never hydrates says why. */
const consoleErrors = new WeakMap<Page, string[]>();

function watchConsole(page: Page) {
  if (consoleErrors.has(page)) return;
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
}

export async function hydrated(page: Page, info: TestInfo) {
  if (withJs(info)) {
    watchConsole(page);
    try {
      await page.waitForSelector('body[data-hydrated="true"]', { state: "attached", timeout: 30_000 });
    } catch (e) {
      const errors = consoleErrors.get(page) ?? [];
      throw new Error(`${page.url()} did not hydrate; browser errors:\n${errors.slice(-5).join("\n")}\n${e}`);
    }
  }
}

/** A unique address per test run and project. */
export function uniqueEmail(info: TestInfo, who: string): string {
  return `${who}.${info.project.name}.${Date.now()}@example.org`;
}

function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** Waits for an e-mail to `to` (containing `containing`, if given) in the server's outbox folder
 * and returns its decoded text. */
export async function mailTo(to: string, containing?: string): Promise<string> {
  const outbox = join(process.env.E2E_DATA_DIR!, "outbox");
  let found = "";
  await expect
    .poll(
      () => {
        let files: string[] = [];
        try {
          files = readdirSync(outbox).filter((f) => f.endsWith(".eml"));
        } catch {
          return "";
        }
        for (const file of files) {
          const eml = readFileSync(join(outbox, file), "utf8");
          if (eml.includes(`To: ${to}`)) {
            const decoded = decodeQuotedPrintable(eml);
            if (containing === undefined || decoded.includes(containing)) {
              found = decoded;
              return found;
            }
          }
        }
        return "";
      },
      { message: `an e-mail to ${to} in the outbox${containing ? ` about ${containing}` : ""}`, timeout: 15_000 },
    )
    .not.toBe("");
  return found;
}

/** Signs in with the given account (the demo password by default). */
export async function signIn(page: Page, info: TestInfo, email: string, password = "lab2field-demo") {
  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Each role lands on its own work (see landing.spec.ts); here it is enough to have left.
  await expect(page).not.toHaveURL(/\/signin/);
}
