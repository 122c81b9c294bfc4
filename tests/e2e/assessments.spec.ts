import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, fillProfile, newAssessment, openApp, waitSaved } from "./helpers";

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
  await expect(page.getByTestId("progress")).toHaveText("0 / 180");
  await expect(page.getByTestId("readiness")).toHaveText("0 %");
  const gapsBefore = await page.locator("figure.chart figcaption", { hasText: "Largest gaps" }).textContent();

  await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  await row(page, "8.6.1").locator("input[value='4']").check();
  await row(page, "8.6.2").locator("input[value='3']").check();
  await row(page, "8.6.3").locator("input[value='5']").check();
  await expect(page.getByTestId("progress")).toHaveText("3 / 180");
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
  await expect(page.getByTestId("progress")).toHaveText("5 / 180");
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
  await expect(page.getByText("2 of 57 items rated")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("progress")).toHaveText("2 / 57");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  const csv = await readFile(await download.path(), "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines).toHaveLength(58);
  expect(lines[0]).toBe('"framework","item","title","applicable","level","level name","target","gap","finding","documented information","shared with","owner","due","notes","evidence","justification"');
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

test("the report's cover names the organisation and both scopes, and labels say their standard where numbers repeat", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Cover Co");
  await fillProfile(page, "Cover Company Ltd", "Managed hosting for customers in the EU", "All systems of the hosting business");
  await newAssessment(page, "Stage 1 readiness");
  await openGroup(page, "ISO/IEC 20000-1:2018 7 Support");
  await row(page, "7.2").locator("input[value='4']").check();
  await waitSaved(page);
  await page.getByRole("link", { name: "Report" }).click();
  await page.emulateMedia({ media: "print" });
  const cover = page.getByTestId("report-cover");
  await expect(cover).toContainText("Cover Company Ltd");
  await expect(cover).toContainText("Managed hosting for customers in the EU");
  await expect(cover).toContainText("All systems of the hosting business");
  // The assessor defaults to the person at this device.
  await expect(cover).toContainText("Test User");
  await expect(cover).toContainText(new Date().toISOString().slice(0, 10));
  // 9.1 is a clause of both standards: each says which it is, in the gap list and in every row.
  const gapList = page.locator("table", { has: page.locator("caption", { hasText: "Items below target" }) });
  await expect(gapList.getByRole("rowheader", { name: "ISO/IEC 20000-1:2018 9.1", exact: true })).toHaveCount(1);
  await expect(gapList.getByRole("rowheader", { name: "ISO/IEC 27001:2022 9.1", exact: true })).toHaveCount(1);
  await expect(gapList.getByRole("rowheader", { name: "A.5.1", exact: true })).toHaveCount(1);
  const detail = page.locator("table.report-detail");
  for (const standard of ["ISO/IEC 20000-1:2018", "ISO/IEC 27001:2022"]) {
    const competence = detail.getByRole("row").filter({ has: page.getByRole("rowheader", { name: `${standard} 7.2`, exact: true }) });
    await expect(competence).toContainText("4 Managed");
  }
  await expect(detail.getByRole("rowheader", { name: "9.2.1", exact: true })).toHaveCount(1);
  const chart = page.locator("figure.chart", { hasText: "Largest gaps" });
  await expect(chart.locator("svg")).toHaveAttribute("aria-label", /ISO\/IEC 20000-1:2018 4\.1 3/);
  await expect(chart.locator("svg text.axis-label").first()).toHaveText("20000-1 4.1");
  // The printed document itself, read back as text (Debian's poppler-utils, installed by setup).
  const file = test.info().outputPath("report.pdf");
  await writeFile(file, await page.pdf({ format: "A4" }));
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toContain("Cover Company Ltd");
  expect(text).toContain("All systems of the hosting business");
  expect(text).toMatch(/ISO\/IEC 27001:2022 7\.2 +Competence +4\b/);
  expect(text).toMatch(/ISO\/IEC 20000-1:2018 9\.1 /);
  expect(text).toMatch(/Page 1 of \d+/);
});

test("a crosswalk link to a heading shows on its items, and from the other end names them", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Crosswalk Co");
  await newAssessment(page, "Both ends");
  await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  await row(page, "8.5.1.1").getByRole("button", { name: "Details" }).click();
  await expect(row(page, "8.5.1.1").locator(".relations")).toContainText("ISO/IEC 27001 A.8.32");
  await openGroup(page, "ISO/IEC 27001:2022 A.8 Technological controls");
  await row(page, "A.8.32").getByRole("button", { name: "Details" }).click();
  await expect(row(page, "A.8.32").locator(".relations")).toContainText(/ISO\/IEC 20000-1 8\.5\.1\.1\b/);
  // 27001 9.2 (a heading) relates to 20000-1 9.2: its items show the link.
  await openGroup(page, "ISO/IEC 27001:2022 9 Performance evaluation");
  await row(page, "9.2.1").getByRole("button", { name: "Details" }).click();
  await expect(row(page, "9.2.1").locator(".relations")).toContainText("ISO/IEC 20000-1 9.2");
  // A link says why the two relate; a control reviewed without a counterpart says so.
  await openGroup(page, "ISO/IEC 27001:2022 A.5 Organizational controls");
  await row(page, "A.5.33").getByRole("button", { name: "Details" }).click();
  await expect(row(page, "A.5.33").locator(".relations")).toContainText(/ISO\/IEC 20000-1 7\.5\.3 \(related, proposed\): \w/);
  await openGroup(page, "ISO/IEC 27001:2022 A.7 Physical controls");
  await row(page, "A.7.4").getByRole("button", { name: "Details" }).click();
  await expect(row(page, "A.7.4").locator(".relations")).toContainText("No ISO/IEC 20000-1 counterpart of its own (reviewed):");
});
