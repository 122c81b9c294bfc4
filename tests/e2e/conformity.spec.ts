import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp, waitSaved } from "./helpers";

async function openGroup(page: Page, label: string) {
  const group = page.locator("details.clause-group").filter({ hasText: label }).first();
  if ((await group.getAttribute("open")) === null) await group.locator("summary").click();
  return group;
}

/** The row of `itemId` within `scope` (a clause group, or the whole page). */
function row(scope: Locator | Page, itemId: string) {
  const id = new RegExp(`^${itemId.replace(/\./g, "\\.")}$`);
  const page = "page" in scope ? scope.page() : scope;
  return scope.locator("li.item-row").filter({ has: page.locator(".item-title strong", { hasText: id }) }).first();
}

/** The radar's text alternative: every clause group with its average level. */
function radar(page: Page) {
  return page.locator("figure.chart", { hasText: "Average level by clause" }).locator("svg");
}

test("split a shared pair and join it again; both standards' roll-ups follow", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Sharing Co");
  await newAssessment(page, "Integrated readiness");
  const sms = await openGroup(page, "ISO/IEC 20000-1:2018 9 Performance evaluation");
  await row(sms, "9.2").locator("input[value='4']").check();
  // Internal audit is shared: 20000-1 9.2 answers 27001 9.2.1 and 9.2.2.
  await expect(row(sms, "9.2")).toContainText("also answers ISO/IEC 27001 9.2.1, 9.2.2");
  const isms = await openGroup(page, "ISO/IEC 27001:2022 9 Performance evaluation");
  await expect(row(isms, "9.2.1")).toContainText("shared with ISO/IEC 20000-1 9.2");
  await expect(row(isms, "9.2.1").locator("input[value='4']")).toBeChecked();
  await expect(radar(page)).toHaveAttribute("aria-label", /ISO\/IEC 27001 9 Performance evaluation 4\.0/);
  // The scope is not shared: each system has its own.
  const context = await openGroup(page, "ISO/IEC 27001:2022 4 Context");
  await expect(row(context, "4.3")).toContainText("Answered on its own");

  // Split 9.2.1: it starts from the shared answer, then goes its own way.
  await row(isms, "9.2.1").getByRole("button", { name: "Answer separately" }).click();
  await expect(row(isms, "9.2.1")).toContainText("Answered on its own");
  await expect(row(isms, "9.2.1").locator("input[value='4']")).toBeChecked();
  await expect(row(sms, "9.2")).toContainText("also answers ISO/IEC 27001 9.2.2.");
  await row(isms, "9.2.1").locator("input[value='1']").check();
  await expect(radar(page)).toHaveAttribute("aria-label", /ISO\/IEC 27001 9 Performance evaluation 2\.5/);
  await expect(radar(page)).toHaveAttribute("aria-label", /ISO\/IEC 20000-1 9 Performance evaluation 4\.0/);
  await waitSaved(page);
  await page.reload();
  const isms2 = await openGroup(page, "ISO/IEC 27001:2022 9 Performance evaluation");
  await expect(row(isms2, "9.2.1").locator("input[value='1']")).toBeChecked();
  await expect(radar(page)).toHaveAttribute("aria-label", /ISO\/IEC 27001 9 Performance evaluation 2\.5/);

  // Join it again (after confirming): the shared answer shows and the roll-up follows.
  page.once("dialog", (dialog) => dialog.accept());
  await row(isms2, "9.2.1").getByRole("button", { name: "Share with 20000-1 9.2" }).click();
  await expect(row(isms2, "9.2.1")).toContainText("shared with ISO/IEC 20000-1 9.2");
  await expect(row(isms2, "9.2.1").locator("input[value='4']")).toBeChecked();
  await expect(radar(page)).toHaveAttribute("aria-label", /ISO\/IEC 27001 9 Performance evaluation 4\.0/);
  // Declining the question changes nothing.
  await row(isms2, "9.2.1").getByRole("button", { name: "Answer separately" }).click();
  await expect(row(isms2, "9.2.1").locator("input[value='1']")).toBeChecked();
  page.once("dialog", (dialog) => dialog.dismiss());
  await row(isms2, "9.2.1").getByRole("button", { name: "Share with 20000-1 9.2" }).click();
  await expect(row(isms2, "9.2.1")).toContainText("Answered on its own");
});

test("a major nonconformity shows first among the certification blockers and in the report", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Blocker Co");
  await newAssessment(page, "Stage 2 readiness");
  await expect(page.getByTestId("blockers")).toHaveText("0");
  await expect(page.getByTestId("blocker-count")).toHaveText("0 certification blockers");
  // Averages look fine: 8.6.1 is rated 4 …
  const operation = await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  await row(operation, "8.6.1").locator("input[value='4']").check();
  // … but the auditor found a major nonconformity.
  await row(operation, "8.6.1").getByLabel("Finding for 8.6.1").selectOption({ label: "Major nonconformity" });
  // The count comes first in the summary, before the averages.
  const first = page.locator(".stats .stat").first();
  await expect(first.locator(".stat-value")).toHaveText("1");
  await expect(first.locator(".stat-label")).toHaveText("certification blockers");
  await expect(page.getByTestId("blocker-count")).toHaveText("1 certification blocker");
  const blockers = page.locator("section.blockers");
  await expect(blockers.locator(".blocker-list li")).toHaveCount(1);
  await expect(blockers.locator(".blocker-list li").first()).toContainText("8.6.1 Incident management — Major nonconformity");
  // A missing scope document and a control not implemented block too.
  const context = await openGroup(page, "ISO/IEC 27001:2022 4 Context");
  await row(context, "4.3").getByLabel("Documented information for 4.3").selectOption({ label: "Documents missing" });
  const people = await openGroup(page, "ISO/IEC 27001:2022 A.6 People controls");
  await row(people, "A.6.3").locator("input[value='0']").check();
  await expect(page.getByTestId("blocker-count")).toHaveText("3 certification blockers");
  await expect(blockers.locator(".blocker-list li")).toHaveText([
    /8\.6\.1 Incident management — Major nonconformity/,
    /4\.3 Determining the scope .* — Required documented information missing/,
    /A\.6\.3 .* — Applicable control not implemented/,
  ]);
  // Major nonconformities come first, wherever their item is.
  await row(people, "A.6.1").getByLabel("Finding for A.6.1").selectOption({ label: "Major nonconformity" });
  await expect(blockers.locator(".blocker-list li")).toHaveText([
    /8\.6\.1 Incident management — Major nonconformity/,
    /A\.6\.1 Screening — Major nonconformity/,
    /4\.3 Determining the scope .* — Required documented information missing/,
    /A\.6\.3 .* — Applicable control not implemented/,
  ]);
  // A minor nonconformity is a finding, not a blocker.
  await row(operation, "8.6.2").getByLabel("Finding for 8.6.2").selectOption({ label: "Minor nonconformity" });
  await expect(page.getByTestId("blocker-count")).toHaveText("4 certification blockers");
  // The level is the person's: rated 1, 8.6.3 blocks only once clauses below 2 do.
  await row(operation, "8.6.3").locator("input[value='1']").check();
  await expect(page.getByTestId("blocker-count")).toHaveText("5 certification blockers");
  await blockers.getByLabel("A clause blocks when rated below").selectOption("0");
  await expect(page.getByTestId("blocker-count")).toHaveText("4 certification blockers");
  await blockers.getByLabel("A clause blocks when rated below").selectOption("2");
  // The link takes you to the item, its group opened.
  await page.locator("details.clause-group").evaluateAll((groups) => groups.forEach((g) => g.removeAttribute("open")));
  await blockers.getByRole("link", { name: /8\.6\.1 Incident management/ }).click();
  await expect(row(page, "8.6.1")).toBeVisible();
  await expect(row(page, "8.6.1")).toBeFocused();

  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId("blocker-count")).toHaveText("5 certification blockers");
  await page.getByRole("link", { name: "Report" }).click();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("report-blocker-count")).toContainText("5 certification blockers");
  const headings = await page.locator("h2").allTextContents();
  expect(headings.indexOf("Certification blockers")).toBeLessThan(headings.indexOf("Gap list"));
  expect(headings.indexOf("Findings")).toBeLessThan(headings.indexOf("Gap list"));
  expect(headings.indexOf("Gap list")).toBeLessThan(headings.indexOf("Every item"));
  const file = test.info().outputPath("report.pdf");
  await writeFile(file, await page.pdf({ format: "A4" }));
  const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  expect(text).toMatch(/5 certification blockers/);
  expect(text).toMatch(/8\.6\.1 +Incident management +Major nonconformity/);
  expect(text.indexOf("Certification blockers")).toBeLessThan(text.indexOf("Gap list"));
});

test("capability is rated by attributes for processes and 0–5 elsewhere; not assessed is not N", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Capability Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await page.getByLabel("Title").fill("Process capability");
  await page.getByRole("radio", { name: "ISO/IEC 20000-1:2018", exact: true }).check();
  await page.getByRole("radio", { name: /ISO\/IEC 33020 process capability/ }).check();
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Process capability");
  // Leadership is not a process: the 0–5 scale.
  const leadership = await openGroup(page, "ISO/IEC 20000-1:2018 5 Leadership");
  await row(leadership, "5.1").locator("input[value='3']").check();
  // Incident management is: its attributes, each "Not assessed" until rated.
  const operation = await openGroup(page, "ISO/IEC 20000-1:2018 8 Operation");
  const incident = row(operation, "8.6.1");
  await expect(incident.locator(".capability")).toHaveText("not rated");
  await incident.getByRole("button", { name: "Details" }).click();
  const performance = incident.getByLabel("PA 1.1 Process performance");
  await expect(performance).toHaveValue("");
  await expect(performance.locator("option:checked")).toHaveText("Not assessed");
  await performance.selectOption("F");
  await expect(incident.locator(".capability")).toHaveText("level 1");
  await expect(incident).toContainText("8 of 9 attributes not assessed yet.");
  await expect(incident.getByLabel("PA 2.1 Performance management")).toHaveValue("");
  await performance.selectOption("");
  await expect(incident.locator(".capability")).toHaveText("not rated");
});
