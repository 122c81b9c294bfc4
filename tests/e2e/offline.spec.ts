import { expect, type Page, test } from "@playwright/test";
import { createWorkspace, newAssessment, openApp } from "./helpers";

test("after one visit the app and its data load with the network off", async ({ page, context }) => {
  await openApp(page);
  await createWorkspace(page, "Offline Ltd");
  // Wait until the service worker has cached the shell and controls the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offline Ltd");
  await expect(page.getByText("Offline", { exact: true })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await context.setOffline(false);
});

test("an assessment opens in workshop mode and takes ratings with the network off", async ({ page, context }) => {
  await openApp(page);
  await createWorkspace(page, "Offline Workshop Ltd");
  await newAssessment(page, "Offline workshop", "ISO/IEC 27001:2022");
  const workshop = new URL("workshop", page.url().replace(/\/?$/, "/")).toString();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.goto(workshop);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("4.1");
  // The guidance files were kept by the service worker, though no item was opened online.
  await expect(page.locator(".workshop-guidance li").first()).toContainText("?");
  await page.keyboard.press("4");
  await expect(page.getByText("1 of 123 items rated")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("progress")).toHaveText("1 / 123");
  await context.setOffline(false);
});

/** Waits until the service worker has cached the shell and controls the page. */
async function waitForServiceWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}

test("after visiting the manifest URL the app still starts offline", async ({ page, context }) => {
  await openApp(page);
  await createWorkspace(page, "Manifest Ltd");
  await waitForServiceWorker(page);

  // Opening a file in a tab is a navigation too: it must not become the cached app shell.
  for (const file of ["/manifest.webmanifest", "/icons/icon.svg"]) {
    const response = await page.goto(file);
    expect(response?.ok()).toBe(true);
    expect(response?.headers()["content-type"]).not.toContain("text/html");
  }
  // Straight to offline: an online visit to / would repair a broken shell and hide the bug.
  await context.setOffline(true);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Manifest Ltd");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Manifest Ltd");
  // A file opened offline gets its own cached copy, not the shell.
  const manifest = await page.goto("/manifest.webmanifest");
  expect(manifest?.headers()["content-type"]).toContain("manifest+json");
  await page.goto("/settings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await context.setOffline(false);
});

test("a new build whose files cannot be cached does not replace the offline shell", async ({ page, context }) => {
  await openApp(page);
  await createWorkspace(page, "Old Build Ltd");
  await waitForServiceWorker(page);

  // Pretend a new build was deployed whose script and wasm cannot be fetched: the server
  // answers /settings with an index.html naming files it does not have.
  const html = await (await page.request.get("/")).text();
  const hash = /-([0-9a-f]{12,16})_bg\.wasm/.exec(html)?.[1];
  expect(hash).toBeTruthy();
  const newHash = "ffffffffffffffff";
  let assetFetches = 0;
  await context.route(`**/*-${newHash}*`, (route) => {
    assetFetches += 1;
    return route.abort();
  });
  const newBuild = html.replaceAll(hash!, newHash);
  await context.route(
    (url) => url.pathname === "/settings",
    (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: newBuild }),
  );
  await page.goto("/settings");
  // Wait until the new build's js and wasm were asked for (by the page or the worker) and refused.
  await expect.poll(() => assetFetches).toBeGreaterThanOrEqual(2);

  const shell = await page.evaluate(async () => (await (await caches.match("/"))?.text()) ?? "");
  expect(shell).toContain(hash!);
  expect(shell).not.toContain(newHash);

  await context.unrouteAll({ behavior: "ignoreErrors" });
  await context.setOffline(true);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Old Build Ltd");
  await context.setOffline(false);
});
