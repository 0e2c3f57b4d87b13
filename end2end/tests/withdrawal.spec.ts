// A founder takes an enrolled, pipelined technology back to draft: a warning names who loses
// sight of it first (and "keep it" changes nothing); afterwards the programme board and the
// investor's pipeline mark the card "withdrawn by the company" instead of linking to a closed
// page, and the officer is told by e-mail.
import { expect, test } from "@playwright/test";
import { hydrated, mailTo, open, signIn } from "./support";

test("withdrawing an enrolled and pipelined technology warns first and marks the cards", async ({ page }, info) => {
  const title = `Acoustic hydrophone buoy ${info.project.name} ${Date.now()}`;
  const programme = `Maritime cohort ${info.project.name} ${Date.now()}`;

  // The founder registers and submits a technology.
  await signIn(page, info, "founder@demo.lab2field.eu");
  await open(page, info, "/technologies/new");
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Summary").fill("A drifting buoy with a hydrophone array that detects and classifies small surface vessels.");
  await page.getByLabel("Technology readiness level (TRL)").selectOption("6");
  await page.getByLabel("Advanced sensing").check();
  await page.getByLabel("Keywords").fill("hydrophone, maritime surveillance, acoustic");
  await page.getByLabel("Evidence for this TRL").fill("Sea trials in the Gulf of Finland in 2026");
  await page.getByLabel("Export control (EU Dual-Use Regulation, Annex I)").selectOption("not_listed");
  await page.getByRole("button", { name: "Save technology" }).click();
  await expect(page).toHaveURL(/\/technologies\/\d+\?saved=1$/);
  const techPath = new URL(page.url()).pathname;
  await hydrated(page, info);
  await page.getByRole("button", { name: "Submit to officers and investors" }).click();
  await expect(page.locator(".badge-status")).toHaveText("Submitted");

  // An officer enrols it in a new programme.
  await page.context().clearCookies();
  await signIn(page, info, "officer@demo.lab2field.eu");
  await open(page, info, "/programmes");
  await page.getByLabel("Name").fill(programme);
  await page.getByLabel("Description").fill("Six months of sea trials with two navies.");
  await page.getByRole("button", { name: "Create programme" }).click();
  await expect(page.getByRole("heading", { level: 1, name: programme })).toBeVisible();
  const boardUrl = page.url();
  await open(page, info, techPath);
  await page.getByLabel("Programme").selectOption({ label: programme });
  await page.getByRole("button", { name: "Enrol in programme" }).click();
  await expect(page).toHaveURL(/\/enrolments\/\d+$/);

  // An investor adds it to a pipeline.
  await page.context().clearCookies();
  await signIn(page, info, "investor@demo.lab2field.eu");
  await open(page, info, techPath);
  await page.getByRole("button", { name: "Add to pipeline" }).click();
  await expect(page).toHaveURL(/\/pipelines\/\d+$/);
  const pipelineUrl = page.url();
  await expect(page.locator(".board-card", { hasText: title }).getByRole("link", { name: title })).toBeVisible();

  // The founder asks to withdraw: the warning names the programme; keeping it changes nothing.
  await page.context().clearCookies();
  await signIn(page, info, "founder@demo.lab2field.eu");
  await open(page, info, techPath);
  await page.getByRole("link", { name: "Withdraw to draft" }).click();
  const warning = page.getByTestId("withdraw-warning");
  await expect(warning).toBeVisible();
  await expect(warning.getByTestId("withdraw-impact")).toContainText(programme);
  await expect(warning).toContainText("withdrawn by the company");
  await warning.getByRole("link", { name: "Keep it submitted" }).click();
  await expect(page.getByTestId("withdraw-warning")).toHaveCount(0);
  await expect(page.locator(".badge-status")).toHaveText("Submitted");

  // Now for real.
  await page.getByRole("link", { name: "Withdraw to draft" }).click();
  await hydrated(page, info);
  await page.getByTestId("withdraw-warning").getByRole("button", { name: "Withdraw to draft" }).click();
  await expect(page.locator(".badge-status")).toHaveText("Draft");
  await expect(page.getByTestId("withdraw-warning")).toHaveCount(0);
  await mailTo("officer@demo.lab2field.eu", `has withdrawn to draft "${title}"`);

  // The investor's card stays, says why, and links nowhere.
  await page.context().clearCookies();
  await signIn(page, info, "investor@demo.lab2field.eu");
  await open(page, info, new URL(pipelineUrl).pathname);
  const deal = page.locator(".board-card", { hasText: title });
  await expect(deal.getByTestId("withdrawn")).toHaveText("Withdrawn by the company");
  await expect(deal.getByRole("link", { name: title })).toHaveCount(0);
  // At 1280 px the six-stage pipeline fits without scrolling, and nothing spills off the page.
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(await page.getByTestId("pipeline").evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  // The officer's board card says so too.
  await page.context().clearCookies();
  await signIn(page, info, "officer@demo.lab2field.eu");
  await open(page, info, new URL(boardUrl).pathname);
  await expect(page.locator(".board-card", { hasText: title }).getByTestId("withdrawn")).toHaveText("Withdrawn by the company");
  // The programme board is wider than the window: it scrolls inside itself, and says so.
  await expect(page.locator(".board-hint")).toBeVisible();
  expect(await page.getByTestId("board").evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
});
