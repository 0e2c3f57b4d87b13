// An admin refreshes EDF topics from an EU Funding & Tenders Portal search result on the import
// page: a file with a wrong topic is refused as a whole with the topic and field named; the
// recorded sample imports.
import { expect, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { open, signIn } from "./support";

const SAMPLE = resolve(__dirname, "../../server/catalogue/ft-portal-sample.json");

test("an admin imports EDF topics from a portal search result, all or nothing", async ({ page }, info) => {
  await signIn(page, info, "admin@demo.lab2field.eu");
  await open(page, info, "/admin/import");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import the opportunity catalogue");

  const sample = JSON.parse(readFileSync(SAMPLE, "utf8"));
  const id = sample.results[3].metadata.identifier[0];
  sample.results[3].metadata.status = ["open soon"];
  await page.getByLabel("Format").selectOption("ft_portal");
  await page.getByLabel("File (.json)").setInputFiles({
    name: "portal.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(sample)),
  });
  await page.getByRole("button", { name: "Import" }).click();
  const refused = page.getByRole("alert").filter({ hasText: "nothing was imported" });
  await expect(refused).toContainText("1 invalid entry — nothing was imported");
  await expect(refused).toContainText(`entry 3 (${id}): metadata.status: "open soon" must be one of`);

  await page.getByLabel("Format").selectOption("ft_portal");
  await page.getByLabel("File (.json)").setInputFiles(SAMPLE);
  await page.getByRole("button", { name: "Import" }).click();
  // Updated the first time (status and source), unchanged when the other project runs it again.
  await expect(page.getByText(/Imported: 0 created, \d+ updated, \d+ unchanged\./)).toBeVisible();
});
