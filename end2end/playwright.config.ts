// End-to-end tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the real
// server binary, started on a fresh data folder. Every journey runs twice: with JavaScript
// (hydrated Leptos app) and without it (plain HTML forms).
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), "lab2field-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
const bin = process.env.LAB2FIELD_BIN ?? resolve(__dirname, "../target/debug/lab2field");
const siteRoot = process.env.LEPTOS_SITE_ROOT ?? resolve(__dirname, "../target/site");

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
