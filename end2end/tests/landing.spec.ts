// Each role lands on its own work after signing in, unless `next` says otherwise.
import { expect, test } from "@playwright/test";
import { open } from "./support";

const landings: [string, RegExp, string][] = [
  ["founder@demo.lab2field.eu", /\/technologies$/, "Your technologies"],
  ["officer@demo.lab2field.eu", /\/officer$/, "Programme overview"],
  ["investor@demo.lab2field.eu", /\/deals$/, "Submitted technologies"],
  ["admin@demo.lab2field.eu", /\/admin\/accounts$/, "Accounts"],
];

for (const [email, url, heading] of landings) {
  test(`${email.split("@")[0]} lands on their own work after signing in`, async ({ page }, info) => {
    await open(page, info, "/signin");
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill("lab2field-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(url);
    await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
  });
}

test("next wins over the role's landing page", async ({ page }, info) => {
  await open(page, info, "/signin?next=/opportunities");
  await page.getByLabel("E-mail address").fill("officer@demo.lab2field.eu");
  await page.getByLabel("Password").fill("lab2field-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/opportunities$/);
});
