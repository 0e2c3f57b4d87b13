// Journey: an officer scouts with free text and two facets, then opens a result.
import { expect, test } from "@playwright/test";
import { open } from "./support";

test("an officer searches with two facets and opens a result", async ({ page }, info) => {
  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill("officer@demo.lab2field.eu");
  await page.getByLabel("Password").fill("lab2field-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/officer$/);

  await open(page, info, "/search");
  await page.getByLabel("Search", { exact: true }).fill("drone");
  await page.getByLabel("TRL from").selectOption("5");
  await page.getByRole("checkbox", { name: /Finland/ }).check();
  await page.getByRole("checkbox", { name: /Advanced sensing/ }).check();
  await page.getByRole("button", { name: "Search", exact: true }).click();

  await expect(page).toHaveURL(/q=drone/);
  await expect(page).toHaveURL(/country=FI/);
  await expect(page).toHaveURL(/area=sensing/);
  // Finnish sensing technologies about drones at TRL 5 or more: a short list, each with the
  // matched word marked.
  await expect(page.getByTestId("result-count")).toHaveText(/^[1-9] results?$/);
  const results = page.getByTestId("result");
  const count = await results.count();
  for (let i = 0; i < count; i++) {
    await expect(results.nth(i).locator("mark").first()).toBeVisible();
  }
  await results.getByRole("link", { name: "Passive RF detection network for small drones" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Passive RF detection network for small drones");
  // Officers see the confidential part and the matches.
  await expect(page.getByRole("heading", { name: "Confidential details" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Matches" })).toBeVisible();
});
