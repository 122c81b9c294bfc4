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

test("an assessment opens in workshop mode and takes ratings with the network off", async ({ page, context }) => {
  await openApp(page);
  await createWorkspace(page, "Offline Workshop Ltd");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await page.getByLabel("Title").fill("Offline workshop");
  await page.getByRole("radio", { name: "ISO/IEC 27001:2022", exact: true }).check();
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Offline workshop");
  const workshop = new URL("workshop", page.url().replace(/\/?$/, "/")).toString();
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.goto(workshop);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("4.1");
  await page.keyboard.press("4");
  await expect(page.getByText("1 of 123 answers given")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("progress")).toHaveText("1 / 123");
  await context.setOffline(false);
});
