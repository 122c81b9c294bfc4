import { expect, test } from "@playwright/test";
import { createWorkspace, newAssessment, openApp } from "./helpers";

test("the theme toggle cycles system, light, dark and is remembered", async ({ page }) => {
  await openApp(page);
  const toggle = page.getByRole("button", { name: /^Theme:/ });
  await expect(toggle).toHaveText("Theme: System");
  await expect(page.locator("html")).not.toHaveAttribute("data-theme");
  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
  await toggle.click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.reload();
  await expect(page.getByRole("button", { name: /^Theme:/ })).toHaveText("Theme: Dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("the keyboard alone reaches the skip link, the navigation and the forms", async ({ page }) => {
  await openApp(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.getByLabel("Workspace name").focus();
  await page.keyboard.type("Keyboard Co");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Keyboard Co");
  const settings = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" });
  await settings.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  await expect(settings).toHaveAttribute("aria-current", "page");
});

test("settings reports where data lives and the storage estimate", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Storage Co");
  await page.goto("/settings");
  await expect(page.getByText("Everything is stored in this browser (IndexedDB)")).toBeVisible();
  await expect(page.getByTestId("persisted")).toHaveText(/Granted|Not granted|Unknown/);
  await expect(page.getByTestId("usage")).toHaveText(/[MG]B used of .* [MG]B available|does not report/);
});

test.describe("screenshots for review", () => {
  test.skip(!process.env.PRAXIS_SCREENSHOTS, "set PRAXIS_SCREENSHOTS=dir to take them");
  for (const [label, width, height] of [
    ["phone", 390, 844],
    ["desktop", 1366, 900],
  ] as const) {
    for (const scheme of ["light", "dark"] as const) {
      test(`${label} ${scheme}`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme: scheme });
        const dir = process.env.PRAXIS_SCREENSHOTS;
        await openApp(page);
        await page.screenshot({ path: `${dir}/welcome-${label}-${scheme}.png`, fullPage: true });
        await createWorkspace(page, "Acme Managed Services Ltd");
        await page.screenshot({ path: `${dir}/dashboard-${label}-${scheme}.png`, fullPage: true });
        await page.goto("/settings");
        await page.getByRole("button", { name: /^Delete / }).first().click();
        await page.screenshot({ path: `${dir}/settings-${label}-${scheme}.png`, fullPage: true });
        await page.goto("/registers");
        await page.screenshot({ path: `${dir}/registers-${label}-${scheme}.png`, fullPage: true });
      });
    }
  }
});

test("a success message leaves by itself, also after a page change; an error stays until dismissed", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Messages Ltd");
  const created = page.getByRole("status").filter({ hasText: "Workspace “Messages Ltd” created." });
  await expect(created).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(created).toHaveCount(0, { timeout: 9_000 });

  // The browser's database refuses writes: the error says so and stays.
  await newAssessment(page, "Messages", "ISO/IEC 27001:2022");
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException("The disk is full (simulated).", "QuotaExceededError");
    } as any;
  });
  const group = page.locator("details.clause-group").filter({ hasText: "A.5 Organizational controls" }).first();
  await group.locator("summary").click();
  await group.locator("input[name^='rating-'][value='2']").first().check();
  const failed = page.locator(".notices").getByRole("alert").filter({ hasText: /^Not saved: .*disk is full/ });
  await expect(failed).toHaveCount(1);
  await page.waitForTimeout(7_000);
  await expect(failed).toHaveCount(1);
  await failed.getByRole("button", { name: "Dismiss message" }).click();
  await expect(failed).toHaveCount(0);
});

test("the app runs under the server's Content-Security-Policy without a single violation", async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto("/");
  const policy = response!.headers()["content-security-policy"];
  expect(policy).toMatch(/^script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/]+=*'; /);
  expect(policy).not.toContain("unsafe-inline");
  expect(policy).toContain("frame-ancestors 'none'");
  await openApp(page);
  await createWorkspace(page, "Policy Co");
  await newAssessment(page, "Under the policy");
  // An item's details fetch its guidance; the report draws charts; settings reads storage.
  await page.locator("details.clause-group").first().locator("summary").click();
  await page.getByRole("button", { name: "Details" }).first().click();
  await expect(page.locator(".guidance").first()).toBeVisible();
  await page.getByRole("link", { name: "Report" }).click();
  await expect(page.getByTestId("report-cover")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settings");
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
});
