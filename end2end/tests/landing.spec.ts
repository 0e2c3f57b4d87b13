// Each role lands on its own work after signing in, unless `next` says otherwise.
import { expect, test } from "@playwright/test";
import { hydrated, open } from "./support";

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

test("a new investor without an organisation is led to describe it, never to an error", async ({ page }, info) => {
  const email = `fresh-investor.${info.project.name}.${Date.now()}@example.org`;
  await open(page, info, "/signup");
  await page.getByLabel("I am").selectOption("investor");
  await page.getByLabel("Your name").fill("Ines Newcomer");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1$/);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Sign in" }).click();

  // Lands on the organisation form, with the checklist.
  await expect(page).toHaveURL(/\/investor\/organisation$/);
  await expect(page.getByTestId("checklist-progress")).toHaveText("0 of 3 done");

  // Pipelines and a technology page: a plain explanation and a link, with a normal status.
  const pipelines = await page.goto("/pipelines");
  expect(pipelines?.status()).toBe(200);
  await expect(page.getByTestId("organisation-first")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("form:");
  await expect(page.locator("body")).not.toContainText("conflicts with existing data");
  const deals = await page.goto("/deals");
  expect(deals?.status()).toBe(200);
  await hydrated(page, info);
  await page.getByRole("link", { name: "Passive RF detection network for small drones" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Passive RF detection network for small drones");
  await expect(page.getByTestId("organisation-first")).toBeVisible();
  const techPath = new URL(page.url()).pathname;
  const tech = await page.goto(techPath);
  expect(tech?.status()).toBe(200);

  // Following the link and saving the organisation ticks the first step.
  await hydrated(page, info);
  await page.getByTestId("organisation-first").getByRole("link", { name: "Describe your organisation" }).click();
  await expect(page).toHaveURL(/\/investor\/organisation$/);
  await hydrated(page, info);
  await page.getByLabel("Name").fill(`Newcomer Fund ${info.project.name}`);
  await page.getByLabel("Country", { exact: true }).selectOption("DE");
  await page.getByRole("button", { name: "Save organisation" }).click();
  await expect(page.getByText("Organisation saved.")).toBeVisible();
  await expect(page.getByTestId("checklist-progress")).toHaveText("1 of 3 done");
  await open(page, info, "/pipelines");
  await expect(page.getByTestId("organisation-first")).toHaveCount(0);
});

test("a page keeps showing until the next page's code has arrived, then only the next one shows", async ({ page }, info) => {
  test.skip(info.project.name !== "with-js", "client-side navigation needs JavaScript");
  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill("investor@demo.lab2field.eu");
  await page.getByLabel("Password").fill("lab2field-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  // The investor lands on the deal flow (the path itself, not "/signin?next=/deals").
  await expect(page).toHaveURL(/^[^?]*\/deals$/);
  await page.goto("/deals");
  await hydrated(page, info);
  // The technology page's code and data arrive late, as on a slow connection.
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.includes("/pkg/") || url.includes("/api/")) await new Promise((r) => setTimeout(r, 800));
    await route.continue();
  });
  await page.getByRole("link", { name: "Passive RF detection network for small drones" }).first().click();
  // Meanwhile the deal flow stays whole, with its one level-one heading.
  await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Passive RF detection network for small drones");
  await expect(page.getByRole("heading", { name: "Submitted technologies" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Fits your thesis" })).toHaveCount(0);
});
