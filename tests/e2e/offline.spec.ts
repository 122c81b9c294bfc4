import { expect, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

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
