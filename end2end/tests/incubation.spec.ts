// Journey 2: an officer finds a technology, enrols it in a programme and moves it to `selected`
// (by drag and drop with JavaScript, by buttons without); the founder gets an e-mail and sees
// the new stage.
import { expect, test } from "@playwright/test";
import { hydrated, mailTo, open, signIn, withJs } from "./support";

const TECHNOLOGY = "Passive RF detection network for small drones";

test("an officer enrols a technology and selects it; the founder is told", async ({ page }, info) => {
  const programme = `Incubator ${info.project.name} ${Date.now()}`;
  await signIn(page, info, "officer@demo.lab2field.eu");

  // A new programme.
  await open(page, info, "/programmes");
  await page.getByLabel("Name").fill(programme);
  await page.getByLabel("Description").fill("Twelve months of incubation with test-centre access.");
  await page.getByRole("button", { name: "Create programme" }).click();
  await expect(page.getByRole("heading", { level: 1, name: programme })).toBeVisible();
  const boardUrl = page.url();

  // Scouting: counter-drone radar at TRL 6 or more.
  await open(page, info, "/search");
  await page.getByLabel("Search", { exact: true }).fill("counter-drone radar");
  await page.getByLabel("TRL from").selectOption("6");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByTestId("result").getByRole("link", { name: TECHNOLOGY }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TECHNOLOGY);
  await hydrated(page, info);

  // Enrol, then screening from the enrolment page.
  await page.getByLabel("Programme").selectOption({ label: programme });
  await page.getByRole("button", { name: "Enrol in programme" }).click();
  await expect(page).toHaveURL(/\/enrolments\/\d+$/);
  await expect(page.getByTestId("stage").first()).toHaveText("Applied");
  await hydrated(page, info);
  await page.getByRole("button", { name: "Move to Screening" }).click();
  await expect(page.getByTestId("stage").first()).toHaveText("Screening");

  // On the board: drag the card to `Selected`, or press its button without JavaScript.
  await page.goto(boardUrl);
  await hydrated(page, info);
  const screening = page.locator('[data-stage="screening"]');
  const selected = page.locator('[data-stage="selected"]');
  const card = screening.locator(".board-card", { hasText: TECHNOLOGY });
  await expect(card).toBeVisible();
  if (withJs(info)) {
    await card.dragTo(selected);
  } else {
    await card.getByRole("button", { name: "→ Selected" }).click();
  }
  await expect(selected.locator(".board-card", { hasText: TECHNOLOGY })).toBeVisible();
  await expect(screening.locator(".board-card", { hasText: TECHNOLOGY })).toHaveCount(0);

  // The founder's e-mail, and the stage on their enrolment page.
  const mail = await mailTo("founder@demo.lab2field.eu", `from Screening to Selected in ${programme}`);
  expect(mail).toContain("from Screening to Selected");
  const link = mail.match(/http:\/\/[^\s]+\/enrolments\/\d+/);
  expect(link).not.toBeNull();
  const path = new URL(link![0]).pathname;

  await page.context().clearCookies();
  await signIn(page, info, "founder@demo.lab2field.eu");
  await open(page, info, path);
  await expect(page.getByTestId("stage").first()).toHaveText("Selected");
  await expect(page.getByTestId("clock")).toContainText("0 mo");
  // Founders may withdraw but not move forward.
  await expect(page.getByRole("button", { name: /Move to/ })).toHaveCount(0);
});
