// Journey: sign up → open the verification link from the outbox → sign in → sign out.
import { expect, test } from "@playwright/test";
import { hydrated, mailTo, open, uniqueEmail, withJs } from "./support";

const PASSWORD = "a long enough password";

test("a founder signs up, verifies the e-mail address, signs in and signs out", async ({ page }, info) => {
  const email = uniqueEmail(info, "founder");

  await open(page, info, "/signup");
  await page.getByLabel("I am").selectOption("founder");
  await page.getByLabel("Your name").fill("Ada Founder");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/signin\?registered=1$/);
  await expect(page.getByText("We sent you an e-mail")).toBeVisible();

  const mail = await mailTo(email);
  const link = mail.match(/https?:\/\/\S+\/verify-email\?token=[0-9a-f]{64}/)?.[0];
  expect(link, "verification link in the e-mail").toBeTruthy();

  await open(page, info, link!);
  await page.getByRole("button", { name: "Confirm my e-mail address" }).click();
  await expect(page.getByRole("heading", { name: "Your e-mail address is confirmed" })).toBeVisible();

  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  // A founder without a company lands on the company form.
  await expect(page).toHaveURL(/\/company$/);
  await open(page, info, "/account");
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("verified")).toHaveText("Yes");
  await expect(page.getByText("Please confirm your e-mail address")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Ada Founder");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();

  // Signed out for real: the account page now asks to sign in.
  await page.goto("/account");
  await hydrated(page, info);
  await expect(page).toHaveURL(/\/signin\?next=/);
});

test("sign-up shows the problem beside the field and creates nothing", async ({ page }, info) => {
  const email = uniqueEmail(info, "short");
  await open(page, info, "/signup");
  await page.getByLabel("Your name").fill("Short Password");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page.locator("#field-password-error")).toHaveText("must be at least 12 characters");
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  // Everything typed comes back, with or without JavaScript — except the password.
  await expect(page.getByLabel("Your name")).toHaveValue("Short Password");
  await expect(page.getByLabel("E-mail address")).toHaveValue(email);
  if (!withJs(info)) {
    await expect(page.getByLabel("Password")).toHaveValue("");
  }

  // Nothing was created: signing in with that address fails with the generic message.
  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("too short");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("The e-mail address or the password is not correct.");
});

test("a founder is refused the admin pages with a readable 403", async ({ page }, info) => {
  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill("founder@demo.lab2field.eu");
  await page.getByLabel("Password").fill("lab2field-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/technologies$/);

  const response = await page.goto("/admin/accounts");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Access denied (403)" })).toBeVisible();
});

test("a founder who forgot the password resets it from the e-mail and signs in with the new one", async ({ page }, info) => {
  const email = uniqueEmail(info, "forgot");
  await open(page, info, "/signup");
  await page.getByLabel("I am").selectOption("founder");
  await page.getByLabel("Your name").fill("Forgetful Founder");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/signin\?registered=1$/);

  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await hydrated(page, info);
  await page.getByLabel("E-mail address").fill(email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByTestId("reset-sent")).toBeVisible();

  const mail = await mailTo(email, "Reset your Lab2Field password");
  const link = mail.match(/https?:\/\/\S+\/reset-password\?token=[0-9a-f]{64}/)?.[0];
  expect(link, "reset link in the e-mail").toBeTruthy();
  await open(page, info, link!);
  await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByTestId("password-reset-done")).toBeVisible();

  // The old password no longer works; the new one does.
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("not correct");
  await open(page, info, "/signin");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("a brand new passphrase");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/company$/);

  // The link works once.
  await open(page, info, link!);
  await page.getByLabel("New password", { exact: true }).fill("yet another passphrase");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("alert")).toContainText("not valid or has expired");
});
