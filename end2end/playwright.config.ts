// End-to-end tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the real
// server binary, started on a fresh data folder. Every journey runs twice: with JavaScript
// (hydrated Leptos app) and without it (plain HTML forms).
import { defineConfig } from "@playwright/test";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "lab2field-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
// Relative paths are taken from the repository root, never from end2end/ (where the server runs).
const repo = resolve(__dirname, "..");
const bin = resolve(repo, process.env.LAB2FIELD_BIN ?? "target/release/lab2field");
const siteRoot = resolve(repo, process.env.LEPTOS_SITE_ROOT ?? "target/site");

// Fail fast with the cause, rather than every hydrated test timing out a minute later. A release
// build puts its bundle in a folder named by the build hash it writes to bundle-hash.
const hashFile = join(siteRoot, "bundle-hash");
const bundle = existsSync(hashFile) ? `pkg/${readFileSync(hashFile, "utf8").trim()}` : "pkg";
for (const file of ["lab2field.js", "lab2field.wasm", "lab2field.css", "chunks.json"]) {
  if (!existsSync(join(siteRoot, bundle, file))) {
    throw new Error(
      `the site folder ${siteRoot} has no ${bundle}/${file}: the browser bundle was not built there ` +
        `(run scripts/build-site.sh, or scripts/test.sh, which builds it)`,
    );
  }
}
if (!existsSync(bin)) {
  throw new Error(`no server binary at ${bin} (cargo build --release -p server --bin lab2field)`);
}

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "with-js", use: { javaScriptEnabled: true } },
    { name: "without-js", use: { javaScriptEnabled: false } },
  ],
  webServer: {
    command: `"${bin}" serve --demo-data`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      LAB2FIELD_DATA_DIR: dataDir,
      LAB2FIELD_BIND: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      DATABASE_URL: "",
      LAB2FIELD_SMTP_URL: "",
      RUST_LOG: "warn",
    },
  },
});
