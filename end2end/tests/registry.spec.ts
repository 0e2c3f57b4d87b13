// Journey: a founder creates the company and a technology at TRL 5 and sees it listed; leaving
// the TRL empty shows a message on that field and keeps what was typed.
import { expect, Page, test, TestInfo } from "@playwright/test";
import { open, uniqueEmail } from "./support";

const PASSWORD = "a long enough password";

async function signUpAndSignIn(page: Page, info: TestInfo, email: string) {
  await open(page, info, "/signup");
  await page.getByLabel("Your name").fill("Ilona Founder");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1$/);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  // A founder without a company lands on the company form, with the first-run checklist.
  await expect(page).toHaveURL(/\/company$/);
  await expect(page.getByTestId("checklist-progress")).toHaveText("0 of 4 done");
}

test("a founder registers the company and a technology at TRL 5 and sees it listed", async ({ page }, info) => {
  await signUpAndSignIn(page, info, uniqueEmail(info, "registry"));

  await open(page, info, "/company");
  await page.getByLabel("Legal name").fill("Kuutamo Robotics Oy");
  await page.getByLabel("Country of establishment").selectOption("FI");
  await page.getByLabel("City").fill("Tampere");
  await page.getByLabel("Year founded").fill("2021");
  await page.getByLabel("Headcount (full-time equivalents)").fill("12");
  await page.getByLabel("Annual turnover (EUR)").fill("900 000");
  await page.getByLabel("Balance-sheet total (EUR)").fill("1200000");
  await page.getByRole("button", { name: "Save company" }).click();
  await expect(page.getByText("Company profile saved.")).toBeVisible();
  await expect(page.getByTestId("sme")).toHaveText("Yes");
  await expect(page.getByTestId("edf")).toContainText("Yes");
  await expect(page.getByTestId("checklist-progress")).toHaveText("1 of 4 done");

  await open(page, info, "/technologies/new");
  await page.getByLabel("Title").fill("Swarm navigation without GNSS");
  await page.getByLabel("Summary").fill("Lets a swarm of small drones keep formation and navigate when satellite navigation is jammed.");
  await page.getByLabel("Robotics and autonomous systems").check();
  await page.getByLabel("Keywords").fill("swarm, GNSS-denied, navigation");
  await page.getByLabel("Evidence for this TRL").fill("Flight tests with six drones at a test range in 2026");
  await page.getByLabel("Export control (EU Dual-Use Regulation, Annex I)").selectOption("not_listed");
  // The TRL is left empty on purpose.
  await page.getByRole("button", { name: "Save technology" }).click();

  await expect(page.locator("#field-trl-error")).toHaveText("choose a TRL from 1 to 9");
  await expect(page.getByLabel("Technology readiness level (TRL)")).toHaveAttribute("aria-invalid", "true");
  // What was typed is still there, with or without JavaScript.
  await expect(page.getByLabel("Title")).toHaveValue("Swarm navigation without GNSS");
  await expect(page.getByLabel("Summary")).toHaveValue(/keep formation and navigate/);
  await expect(page.getByLabel("Keywords")).toHaveValue("swarm, GNSS-denied, navigation");
  await expect(page.getByLabel("Evidence for this TRL")).toHaveValue(/six drones/);
  await expect(page.getByLabel("Export control (EU Dual-Use Regulation, Annex I)")).toHaveValue("not_listed");
  await expect(page.getByLabel("Robotics and autonomous systems")).toBeChecked();

  await page.getByLabel("Technology readiness level (TRL)").selectOption("5");
  await page.getByRole("button", { name: "Save technology" }).click();
  await expect(page).toHaveURL(/\/technologies\/\d+\?saved=1$/);
  await expect(page.getByRole("heading", { name: "Swarm navigation without GNSS" })).toBeVisible();
  await expect(page.getByText("TRL 5 · self-declared")).toBeVisible();

  // Explained matches in three groups, each card with matched terms and its checks.
  const matches = page.getByRole("region", { name: "Matches" });
  await expect(matches.getByRole("heading", { name: "EDF call topics" })).toBeVisible();
  await expect(matches.getByRole("heading", { name: "DIANA challenges" })).toBeVisible();
  await expect(matches.getByRole("heading", { name: "Investors" })).toBeVisible();
  const card = matches.getByTestId("match").first();
  await expect(card).toContainText("Matched:");
  await expect(card).toContainText("TRL fit");
  await expect(card).toContainText("Country");
  await expect(card).toContainText("Deadline");
  // A fund's card judges the TRL by its thesis and has no deadline to report.
  const fund = matches.getByRole("region", { name: "Investors", exact: true }).getByTestId("match").first();
  await expect(fund).toContainText("Country");
  await expect(fund).not.toContainText("TRL fit");
  await expect(fund).not.toContainText("rolling");
  // Every call in the catalogue has closed: the ones that come back say when to prepare.
  const recurring = matches.getByTestId("recurring").first().getByTestId("match").first();
  await expect(recurring).toContainText("Next call — recurs — prepare for the next call");
  await expect(recurring).toContainText("expected around");

  await open(page, info, "/technologies");
  const row = page.getByRole("row", { name: /Swarm navigation without GNSS/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText("TRL 5");
  await expect(row).toContainText("Draft");
});

test("the public catalogue filters by kind without signing in", async ({ page }, info) => {
  await open(page, info, "/opportunities");
  // 190 in the bundled catalogue; the consortium journey imports an open topic per project.
  await expect(page.getByTestId("result-count")).toHaveText(/^19\d opportunities$/);
  await page.getByLabel("Kind").selectOption("diana_challenge");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/kind=diana_challenge/);
  await expect(page.getByTestId("result-count")).toHaveText("18 opportunities");
  await page.getByRole("link", { name: /Energy Resilience/ }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Energy Resilience");
  await expect(page.getByText("DIANA challenge ·")).toBeVisible();
});
