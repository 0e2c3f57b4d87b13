// Journey: a founder opens an EDF match, builds a consortium with two suggested partners from two
// other countries, both accept, and the page shows "eligible"; a founder whose company is
// controlled from outside the EU and Norway builds one and is not counted.
import { expect, Page, test, TestInfo } from "@playwright/test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { mailTo, open, signIn } from "./support";

const CATALOGUE = resolve(__dirname, "../../server/catalogue/opportunities.json");

/** An open EDF topic for this project, made from the catalogue's counter-UAS topic (every topic
 * in the bundled catalogue has closed) and imported by the admin as a new work programme would be. */
async function importOpenTopic(page: Page, info: TestInfo): Promise<{ id: string; title: string }> {
  const entries = JSON.parse(readFileSync(CATALOGUE, "utf8"));
  const topic = { ...entries.find((e: { id: string }) => e.id === "EDF-2023-DA-AIRDEF-CUAS") };
  const suffix = info.project.name.toUpperCase().replace(/[^A-Z]/g, "");
  topic.id = `EDF-2027-DA-AIRDEF-CUAS-${suffix}`;
  topic.title = `Counter unmanned aerial systems (${info.project.name})`;
  topic.deadline = new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10);
  topic.work_programme_year = 2027;
  await signIn(page, info, "admin@demo.lab2field.eu");
  await open(page, info, "/admin/import");
  await page.getByLabel("File (.json)").setInputFiles({
    name: "edf-2027.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify([topic])),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText(/Imported: [01] created/)).toBeVisible();
  await page.context().clearCookies();
  return { id: topic.id, title: topic.title };
}

/** Opens the founder's technology and builds a consortium from the topic's match card. */
async function buildFromMatch(page: Page, info: TestInfo, technology: string, topicTitle: string) {
  await open(page, info, "/technologies");
  await page.getByRole("link", { name: technology }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(technology);
  const card = page.getByRole("region", { name: "EDF call topics", exact: true }).getByTestId("match").filter({ hasText: topicTitle });
  // The new topic reaches the search index within moments of the import.
  await expect(async () => {
    await open(page, info, new URL(page.url()).pathname);
    await expect(card).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
  await card.getByRole("button", { name: "Build a consortium" }).click();
  await expect(page).toHaveURL(/\/consortia\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Consortium for ${topicTitle}`);
}

async function acceptFromMail(page: Page, info: TestInfo, email: string, topicTitle: string, organisation: string) {
  const mail = await mailTo(email, topicTitle);
  expect(mail).toContain("Aurora Sensing Oy invites your organisation");
  const link = mail.match(/https?:\/\/\S+\/consortia\/\d+/)![0];
  await page.context().clearCookies();
  await signIn(page, info, email);
  await open(page, info, new URL(link).pathname);
  const mine = page.getByTestId("member").filter({ hasText: organisation });
  await expect(mine.getByTestId("member-status")).toHaveText("Invited");
  await mine.getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("member").filter({ hasText: organisation }).getByTestId("member-status")).toHaveText("Accepted");
}

test("a founder builds an eligible consortium with two suggested partners from two other countries", async ({ page }, info) => {
  const { title: topicTitle } = await importOpenTopic(page, info);
  await signIn(page, info, "founder@demo.lab2field.eu");
  await buildFromMatch(page, info, "Passive RF detection network for small drones", topicTitle);

  await expect(page.getByTestId("eligibility-verdict")).toHaveText("Not eligible yet.");
  await expect(page.getByTestId("missing")).toContainText("two more entities from other eligible countries");
  const poland = page.getByTestId("suggestion").filter({ hasText: "Wisła Radar sp. z o.o." });
  await expect(poland.getByTestId("reasons")).toContainText("adds Poland — a second eligible country");
  await poland.getByRole("button", { name: "Invite Wisła Radar sp. z o.o." }).click();
  await expect(page.getByText("Invitation sent.")).toBeVisible();
  const germany = page.getByTestId("suggestion").filter({ hasText: "Rheinland Acoustics GmbH" });
  await expect(germany.getByTestId("reasons")).toContainText("adds Germany — a third eligible country");
  await germany.getByRole("button", { name: "Invite Rheinland Acoustics GmbH" }).click();
  await expect(page.getByTestId("member").filter({ hasText: "Rheinland Acoustics GmbH" }).getByTestId("member-status")).toHaveText("Invited");
  // Invited partners do not count yet.
  await expect(page.getByTestId("eligibility-verdict")).toHaveText("Not eligible yet.");

  await acceptFromMail(page, info, "founder.pl@demo.lab2field.eu", topicTitle, "Wisła Radar sp. z o.o.");
  await acceptFromMail(page, info, "founder.de@demo.lab2field.eu", topicTitle, "Rheinland Acoustics GmbH");

  await mailTo("founder@demo.lab2field.eu", "Rheinland Acoustics GmbH accepted your invitation");
  await page.context().clearCookies();
  await signIn(page, info, "founder@demo.lab2field.eu");
  await open(page, info, "/consortia");
  await page.getByTestId("my-consortia").getByRole("link", { name: topicTitle }).click();
  await expect(page.getByTestId("eligibility-verdict")).toHaveText("Eligible: every rule of the call is met.");
  await expect(page.getByTestId("member")).toHaveCount(3);
  await expect(page.getByText("3 of at least 3 independent eligible entities")).toBeVisible();
});

test("a founder whose company is controlled from outside the EU cannot be counted as eligible", async ({ page }, info) => {
  const topic = await importOpenTopic(page, info);
  await signIn(page, info, "founder.nl@demo.lab2field.eu");
  // The company's matches list the topic as a near miss (foreign control); its page still
  // offers a consortium, whose check then says why the company does not count.
  await open(page, info, `/opportunities/${topic.id}`);
  await page.getByRole("button", { name: "Build a consortium" }).click();
  await expect(page).toHaveURL(/\/consortia\/\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Consortium for ${topic.title}`);
  await expect(page.getByTestId("eligibility-verdict")).toHaveText("Not eligible yet.");
  await expect(page.getByText("controlled from outside the EU and Norway, so not eligible: Noordzee Drone Defence B.V. (controlled from United States)")).toBeVisible();
  await expect(page.getByText("0 of at least 3 independent eligible entities")).toBeVisible();
});
