// Journey 3: an investor saves a search, adds a technology to a pipeline and requests access to
// its confidential details; the founder grants it; the details become visible to that investor
// only.
import { expect, Page, test, TestInfo } from "@playwright/test";
import { hydrated, mailTo, open, signIn, uniqueEmail } from "./support";

const TECHNOLOGY = "Passive RF detection network for small drones";
const SECRET = "interferometric antenna array";
const PASSWORD = "a long enough password";

/** A new, verified investor with an organisation in Germany; returns the organisation's name. */
async function newInvestor(page: Page, info: TestInfo, email: string): Promise<string> {
  const organisation = `Fund ${info.project.name} ${Date.now()}`;
  await open(page, info, "/signup");
  await page.getByLabel("I am").selectOption("investor");
  await page.getByLabel("Your name").fill("Ines Investor");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1$/);
  const link = (await mailTo(email)).match(/https?:\/\/\S+\/verify-email\?token=[0-9a-f]{64}/)![0];
  await open(page, info, link);
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByRole("heading", { name: "Your e-mail address is confirmed" })).toBeVisible();
  await signIn(page, info, email, PASSWORD);

  await open(page, info, "/investor/organisation");
  await page.getByLabel("Name").fill(organisation);
  await page.getByLabel("Country", { exact: true }).selectOption("DE");
  await page.getByRole("button", { name: "Save organisation" }).click();
  await expect(page.getByText("Organisation saved.")).toBeVisible();
  return organisation;
}

test("an investor saves a search, tracks a deal and gets access granted by the founder", async ({ page }, info) => {
  const email = uniqueEmail(info, "investor");
  const organisation = await newInvestor(page, info, email);

  // Save a search.
  await open(page, info, "/search?q=drone");
  await page.getByLabel("Name").fill("Drone detection");
  await page.getByRole("button", { name: "Save search" }).click();
  await expect(page).toHaveURL(/\/saved-searches/);
  await expect(page.getByTestId("saved-search")).toContainText("Drone detection");
  await expect(page.getByTestId("saved-search")).toContainText("Daily digest on");

  // Open the technology from the search, add it to the pipeline.
  await page.getByTestId("saved-search").getByRole("link", { name: "Drone detection" }).click();
  await page.getByTestId("result").getByRole("link", { name: TECHNOLOGY }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TECHNOLOGY);
  await hydrated(page, info);
  const techPath = new URL(page.url()).pathname;
  await expect(page.getByText(SECRET)).toHaveCount(0);
  await page.getByRole("button", { name: "Add to pipeline" }).click();
  await expect(page).toHaveURL(/\/pipelines\/\d+$/);
  await expect(page.locator('[data-stage="sourced"] .board-card', { hasText: TECHNOLOGY })).toBeVisible();

  // A note on the deal: after saving, the card's notes stay open with the new note in view.
  await hydrated(page, info);
  const deal = () => page.locator('[data-stage="sourced"] .board-card', { hasText: TECHNOLOGY });
  await deal().getByText(/^Notes \(\d+\)$/).click();
  await deal().getByLabel("Add a note").fill("Met the CTO at Eurosatory");
  await deal().getByRole("button", { name: "Save note" }).click();
  await expect(deal().getByText("Met the CTO at Eurosatory")).toBeVisible();
  await expect(deal().getByText("Notes (1)")).toBeVisible();

  // Request access.
  await open(page, info, techPath);
  await page.getByLabel("Message to the company (optional)").fill("We back European sensing start-ups.");
  await page.getByRole("button", { name: "Request access" }).click();
  await expect(page.getByTestId("access-state")).toContainText("waiting for the company's decision");
  await expect(page.getByText(SECRET)).toHaveCount(0);

  // The founder is told, and grants it.
  const notice = await mailTo("founder@demo.lab2field.eu", `${organisation} asks`);
  expect(notice).toContain("We back European sensing start-ups.");
  await page.context().clearCookies();
  await signIn(page, info, "founder@demo.lab2field.eu");
  await open(page, info, techPath);
  const request = page.getByTestId("access-request").filter({ hasText: organisation });
  await expect(request.getByTestId("access-status")).toHaveText("Requested");
  await request.getByRole("button", { name: "Grant access" }).click();
  await expect(page.getByTestId("access-request").filter({ hasText: organisation }).getByTestId("access-status")).toHaveText("Granted");

  // The investor now sees the details, and is told by e-mail.
  await mailTo(email, "has granted your organisation access");
  await page.context().clearCookies();
  await signIn(page, info, email, PASSWORD);
  await open(page, info, techPath);
  await expect(page.getByRole("heading", { name: "Confidential details", exact: true })).toBeVisible();
  await expect(page.getByText(SECRET)).toBeVisible();

  // Another investor still does not.
  await page.context().clearCookies();
  await signIn(page, info, "investor@demo.lab2field.eu");
  await open(page, info, techPath);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TECHNOLOGY);
  await expect(page.getByText(SECRET)).toHaveCount(0);
});

test("an investor writes its thesis; a wrong ticket is named, and the deal flow follows the thesis", async ({ page }, info) => {
  const email = uniqueEmail(info, "thesis");
  await newInvestor(page, info, email);

  await open(page, info, "/investor/organisation");
  await page.getByLabel("Thesis in your words").fill("Finnish space start-ups: satellites and launch.");
  await page.getByRole("group", { name: "Critical areas" }).getByLabel("Space").check();
  await page.getByLabel("Countries you may invest in").fill("FI");
  await page.getByLabel("Home markets").fill("FI");
  await page.getByLabel("Smallest ticket (EUR)").fill("5000000");
  await page.getByLabel("Largest ticket (EUR)").fill("100000");
  await page.getByRole("button", { name: "Save organisation" }).click();
  // Refused: the field is named, and what was typed is still there to correct.
  await expect(page.getByText("the minimum must not be above the maximum").first()).toBeVisible();
  await expect(page.getByLabel("Home markets")).toHaveValue("FI");
  await expect(page.getByText("Organisation saved.")).toHaveCount(0);

  await page.getByLabel("Largest ticket (EUR)").fill("10000000");
  await page.getByRole("button", { name: "Save organisation" }).click();
  await expect(page.getByText("Organisation saved.")).toBeVisible();
  await expect(page.getByRole("group", { name: "Critical areas" }).getByLabel("Space")).toBeChecked();

  await open(page, info, "/deals");
  await expect(page.getByText("Ranked against your organisation's thesis")).toBeVisible();
  const first = page.getByTestId("fit").first();
  await expect(first).toContainText("(FI)");
  await expect(first).toContainText("Finland is in the fund's countries: its home market");
  // The thesis judges the TRL by the round it fits, not by a bare TRL window.
  await expect(first).toContainText("Stage");
  await expect(first).not.toContainText("TRL fit");
});
