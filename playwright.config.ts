// End-to-end journeys against the real server serving the release build.
// `cargo xtask test` sets PRAXIS_SERVER_BIN and PRAXIS_DIST; Chromium is Debian's, never downloaded.
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const port = Number(process.env.PRAXIS_E2E_PORT ?? 4317);
const server = process.env.PRAXIS_SERVER_BIN;
const dist = process.env.PRAXIS_DIST ?? "dist";
// A fresh embedded database for every run, outside the clone.
const data = process.env.PRAXIS_E2E_DATA ?? mkdtempSync(join(tmpdir(), "praxis-e2e-"));
if (!server) {
  throw new Error("Set PRAXIS_SERVER_BIN to the praxis-server binary (cargo xtask test does this).");
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: process.env.PRAXIS_E2E_OUTPUT ?? "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    acceptDownloads: true,
    trace: "off",
    launchOptions: {
      executablePath: process.env.PRAXIS_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: {
    command: `"${server}" --dist "${dist}" --data "${data}" --host 127.0.0.1 --port ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: "pipe",
  },
});
