import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp, waitSaved } from "./helpers";

/** Opens the clause group whose summary starts with `label` and returns it. */
async function openGroup(page: Page, label: string) {
  const group = page.locator("details.clause-group").filter({ hasText: label }).first();
  await group.locator("summary").click();
  return group;
}

function row(page: Page, itemId: string) {
  return page.locator("li.item-row").filter({ has: page.locator(".item-title strong", { hasText: new RegExp(`^${itemId.replace(/\./g, "\\.")}$`) }) }).first();
}

test("rate an integrated assessment by mouse; ratings persist and charts follow", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Assess Co");
  await newAssessment(page, "Readiness 2026");
  await expect(page.getByTestId("progress")).toHaveText("0 / 163");
  await expect(page.getByTestId("readiness")).toHaveText("0 %");
  const gapsBefore = await page.locator("figure.chart figcaption", { hasText: "Largest gaps" }).textContent();

  await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  await row(page, "8.6.1").locator("input[value='4']").check();
  await row(page, "8.6.2").locator("input[value='3']").check();
  await row(page, "8.6.3").locator("input[value='5']").check();
  await expect(page.getByTestId("progress")).toHaveText("3 / 163");
  await expect(page.locator("figure.chart figcaption", { hasText: "Largest gaps" })).not.toHaveText(gapsBefore!);
  await expect(page.locator("rect.heat-4")).toHaveCount(1);
  await expect(page.locator("rect.heat-5")).toHaveCount(1);

  // One answer counts for both standards where the clauses are equivalent.
  await openGroup(page, "ISO/IEC 20000-1:2018 4 Context");
  await row(page, "4.1").locator("input[value='2']").check();
  const isms = await openGroup(page, "ISO/IEC 27001:2022 4 Context");
  await expect(isms.locator("li.item-row").first()).toContainText("shared with ISO/IEC 20000-1 4.1");
  await expect(isms.locator("li.item-row").first().locator("input[value='2']")).toBeChecked();

  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId("progress")).toHaveText("4 / 163");
  await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  await expect(row(page, "8.6.1").locator("input[value='4']")).toBeChecked();
  await expect(row(page, "8.6.3").locator("input[value='5']")).toBeChecked();
  // The charts can be read as tables too.
  await page.locator("figure.chart", { hasText: "Clause 8 processes" }).getByText("Show as a table").click();
  await expect(page.locator("figure.chart", { hasText: "Clause 8 processes" }).locator("table")).toContainText("8.6 Resolution and fulfilment");
});

test("exclusions: refused for ISO/IEC 20000-1, justified for Annex A", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Exclusions Co");
  await newAssessment(page, "SoA check");
  await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  await row(page, "8.4.3").getByRole("button", { name: "Details" }).click();
  // Guidance is fetched beside the app the first time an item is opened.
  await expect(row(page, "8.4.3").locator(".guidance h4", { hasText: "Questions to ask" })).toBeVisible();
  await expect(row(page, "8.4.3").locator(".guidance li").first()).toContainText("?");
  await expect(row(page, "8.4.3")).toContainText("allows no exclusions here");
  await expect(row(page, "8.4.3").getByRole("button", { name: "Mark not applicable" })).toHaveCount(0);

  await openGroup(page, "A.8 Technological controls");
  const control = row(page, "A.8.28");
  await control.getByRole("button", { name: "Details" }).click();
  await control.getByRole("button", { name: "Mark not applicable" }).click();
  await expect(control.getByRole("alert")).toContainText("needs a justification");
  await control.getByLabel(/Justification for excluding/).fill("No software is developed in-house.");
  await control.getByRole("button", { name: "Mark not applicable" }).click();
  await expect(control).toContainText("Not applicable: No software is developed in-house.");
  await expect(control.locator("fieldset.rating input[value='0']")).toBeDisabled();
  await waitSaved(page);
  await page.reload();
  await openGroup(page, "A.8 Technological controls");
  await expect(row(page, "A.8.28")).toContainText("Not applicable: No software is developed in-house.");
});

test("workshop mode by keyboard only, then CSV export and print preview", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Workshop Co");
  await newAssessment(page, "Workshop", "ISO/IEC 20000-1:2018");
  await page.getByRole("link", { name: "Workshop mode" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("4.1");
  await page.keyboard.press("3");
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("4.2");
  await page.keyboard.press("5");
  await page.keyboard.press("n");
  await expect(page.getByLabel(/Notes \(Esc saves/)).toBeFocused();
  await page.keyboard.type("Interested parties reviewed yearly");
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("button", { name: /^3/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("2 of 57 answers given")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("progress")).toHaveText("2 / 57");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines).toHaveLength(58);
  expect(lines[0]).toBe('"framework","item","title","applicable","level","level name","target","gap","owner","due","notes","evidence","justification"');
  const row42 = lines.find((l) => l.startsWith('"iso20000-1:2018","4.2"'))!;
  expect(row42).toContain('"5","Optimised","3","0"');
  expect(row42).toContain('"Interested parties reviewed yearly"');

  await page.getByRole("link", { name: "Report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Workshop");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print or save as PDF" })).toBeHidden();
  await expect(page.locator("table.report-detail tbody tr")).toHaveCount(57);
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
  expect(pdf.length).toBeGreaterThan(20_000);
});

test("duplicate an assessment to re-assess, then compare the two", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Progress Co");
  await newAssessment(page, "Baseline", "ISO/IEC 20000-1:2018");
  await openGroup(page, "4 Context");
  await row(page, "4.1").locator("input[value='2']").check();
  await row(page, "4.2").locator("input[value='3']").check();
  await expect(page.getByTestId("progress")).toHaveText("2 / 57");
  await waitSaved(page);

  await page.getByRole("link", { name: "Assessments", exact: true }).first().click();
  await page.getByRole("button", { name: "Duplicate Baseline" }).click();
  await expect(page.getByText("Created “Baseline (re-assessment)”.")).toBeVisible();
  await page.getByRole("link", { name: "Baseline (re-assessment)" }).click();
  await expect(page.getByTestId("progress")).toHaveText("2 / 57");
  await openGroup(page, "4 Context");
  await row(page, "4.1").locator("input[value='4']").check();
  await row(page, "4.2").locator("input[value='1']").check();
  await waitSaved(page);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(page.getByTestId("comparison")).toHaveText("1 improved, 1 slipped.");
  await expect(page.locator("#compare-title + .field-row + p + table")).toContainText("4.1");
});

test.describe("when the guidance files cannot be fetched", () => {
  // Without the service worker, so the request reaches the route below.
  test.use({ serviceWorkers: "block" });

  test("an item says so and the rest of it still works", async ({ page }) => {
    await page.route("**/content/guidance/**", (route) => route.fulfill({ status: 503, body: "busy" }));
    await openApp(page);
    await createWorkspace(page, "No Guidance Co");
    await newAssessment(page, "Without guidance", "ISO/IEC 27001:2022");
    await openGroup(page, "A.5 Organizational controls");
    const control = row(page, "A.5.1");
    await control.getByRole("button", { name: "Details" }).click();
    await expect(control.getByRole("status")).toContainText("Guidance could not be loaded");
    await expect(control.getByRole("status")).toContainText("the server answered 503");
    await control.locator("input[value='3']").check();
    await expect(page.getByTestId("progress")).toHaveText("1 / 123");
  });
});

test("rating choices are announced with their level's name, and chosen by it", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Named Levels Ltd");
  await newAssessment(page, "Levels", "ISO/IEC 27001:2022");
  await openGroup(page, "ISO/IEC 27001:2022 A.5 Organizational controls");
  const ratings = row(page, "A.5.1").getByRole("group", { name: /A\.5\.1/ });
  // Seen as digits; heard as the level's number and name.
  await expect(ratings.locator("label span[aria-hidden='true']")).toHaveText(["0", "1", "2", "3", "4", "5"]);
  await ratings.getByRole("radio", { name: "3 – Defined" }).check();
  await expect(row(page, "A.5.1").locator("input[value='3']")).toBeChecked();
  await expect(ratings.getByRole("radio", { name: "0 – Non-existent" })).not.toBeChecked();
  await expect(ratings.getByRole("radio", { name: "5 – Optimised" })).toHaveCount(1);
});
