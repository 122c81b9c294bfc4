// The Statement of Applicability: a first version filled from an assessment (an exclusion with
// its justification, a rating as implementation), refused approval while controls lack a reason,
// its gaps filled, approved and frozen, exported as a spreadsheet read back with its 93 rows and
// as CSV; a second version started from it, changed, and compared with the first.
import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp, waitSaved } from "./helpers";

function row(page: Page, itemId: string) {
  return page.locator("li.item-row").filter({ has: page.locator(".item-title strong", { hasText: new RegExp(`^${itemId.replace(/\./g, "\\.")}$`) }) }).first();
}

/** The entries of a ZIP archive by name (stored or deflated), read from its central directory. */
function unzip(bytes: Buffer): Map<string, string> {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = new Map<string, string>();
  for (let n = 0; n < count; n++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
    const offset = bytes.readUInt32LE(at + 42);
    const name = bytes.toString("utf8", at + 46, at + 46 + nameLength);
    const start = offset + 30 + bytes.readUInt16LE(offset + 26) + bytes.readUInt16LE(offset + 28);
    const data = bytes.subarray(start, start + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    at += 46 + nameLength + extra;
  }
  return entries;
}

test("a Statement of Applicability filled from an assessment, approved, frozen, exported and compared", async ({ page }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await createWorkspace(page, "SoA Co");
  await newAssessment(page, "Readiness");
  const group = page.locator("details.clause-group").filter({ hasText: "A.8 Technological controls" }).first();
  await group.locator("summary").click();
  const excluded = row(page, "A.8.28");
  await excluded.getByRole("button", { name: "Details" }).click();
  await excluded.getByLabel(/Justification for excluding/).fill("No software is developed in-house.");
  await excluded.getByRole("button", { name: "Mark not applicable" }).click();
  await expect(excluded).toContainText("Not applicable: No software is developed in-house.");
  await row(page, "A.8.24").locator("input[value='2']").check();
  await waitSaved(page);

  // The first version, filled from the assessment.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registers" }).click();
  await page.getByRole("link", { name: "Statement of Applicability", exact: true }).click();
  await expect(page.getByText("No version yet.")).toBeVisible();
  await page.getByRole("button", { name: "Start version 1" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statement of Applicability — Version 1");
  await expect(page.getByTestId("soa-standing")).toHaveText("Draft");
  await expect(page.getByTestId("soa-count")).toHaveText("93 of 93 controls");
  await expect(page.getByLabel("A.8.28 applies")).not.toBeChecked();
  await expect(page.getByLabel("A.8.28 justification")).toHaveValue("No software is developed in-house.");
  await expect(page.getByLabel("A.8.24 implementation")).toHaveValue("partial");

  // An exclusion waits for its justification.
  await page.getByLabel("A.7.4 applies").uncheck();
  await expect(page.locator("tr[data-control='A.7.4']")).toContainText("Justify the exclusion to save it.");
  await page.getByLabel("A.7.4 justification").fill("Shared office: the landlord monitors the building");
  await page.getByLabel("A.7.4 justification").press("Tab");
  await expect(page.locator("tr[data-control='A.7.4']")).not.toContainText("Justify the exclusion");

  // Not approved while applicable controls lack a reason; the gaps filled at once.
  const approve = page.getByTestId("approve-soa");
  await expect(approve).toBeDisabled();
  await expect(page.getByTestId("approve-blocked")).toHaveText("A.5.1 applies: say why it is included.");
  await expect(page.getByTestId("soa-gaps")).toContainText("91 applicable controls still lack");
  await page.getByLabel("A.5.1 owner").fill("Ana");
  await page.getByLabel("A.5.1 owner").press("Tab");
  await page.getByLabel("Reason for those without one").selectOption("risk");
  await page.getByLabel("Implementation for those without one").selectOption("implemented");
  await page.getByRole("button", { name: "Fill the gaps" }).click();
  await expect(page.getByTestId("soa-gaps")).toHaveText("Every applicable control says why it is included and how far it is implemented.");
  await expect(page.getByLabel("A.8.24 implementation")).toHaveValue("partial");
  await approve.click();
  await expect(page.getByTestId("soa-standing")).toHaveText(/^Approved by Test User on /);
  await expect(page.getByTestId("approve-soa")).toHaveCount(0);
  // Approval is its first review: the next falls a year on, and a review moves it on.
  const inAYear = new Date();
  inAYear.setFullYear(inAYear.getFullYear() + 1);
  await expect(page.getByTestId("soa-next-review")).toHaveText(`${inAYear.toISOString().slice(0, 10)}, every 12 months`);
  await page.getByTestId("soa-reviewed").click();
  await expect(page.getByText("Review recorded.")).toBeVisible();
  // A shorter interval moves the next review to six months after the last.
  const today = new Date();
  const lastDay = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 7, 0)).getUTCDate();
  const inSix = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 6, Math.min(today.getUTCDate(), lastDay)));
  await expect(page.getByLabel("Review interval")).toHaveValue("12");
  await page.getByLabel("Review interval").selectOption("6");
  await expect(page.getByText("Review interval saved.")).toBeVisible();
  await expect(page.getByTestId("soa-next-review")).toHaveText(`${inSix.toISOString().slice(0, 10)}, every 6 months`);
  await expect(page.getByLabel("A.5.1 owner")).toBeDisabled();
  const firstPath = new URL(page.url()).pathname;

  // Exported: a spreadsheet with a heading and 93 rows, and the same as CSV.
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download spreadsheet (.xlsx)" }).click()]);
  expect(xlsx.suggestedFilename()).toBe("statement-of-applicability-v1.xlsx");
  const parts = unzip(await readFile((await xlsx.path())!));
  expect(parts.has("[Content_Types].xml")).toBe(true);
  const sheet = parts.get("xl/worksheets/sheet1.xml")!;
  expect(sheet.match(/<row /g)!.length).toBe(94);
  expect(sheet).toContain("No software is developed in-house.");
  expect(parts.get("xl/workbook.xml")).toContain('name="Statement of Applicability"');
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download CSV" }).click()]);
  const lines = (await readFile((await csv.path())!, "utf8")).split("\r\n").filter((l) => l);
  expect(lines).toHaveLength(94);
  expect(lines[0]).toBe("Control,Title,Applicable,Reasons for inclusion,Justification for exclusion,Implementation,Owner,Evidence,Linked risks");

  // A second version starts from the first; what changes shows against it.
  await page.getByRole("link", { name: "Statement of Applicability", exact: true }).click();
  await page.getByRole("button", { name: "Start version 2" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statement of Applicability — Version 2");
  await expect(page.getByRole("link", { name: "Version 1" })).toHaveAttribute("href", firstPath);
  await expect(page.getByText("No differences from Version 1.")).toBeVisible();
  await page.getByLabel("A.5.1 owner").fill("Grace");
  await page.getByLabel("A.5.1 owner").press("Tab");
  await expect(page.getByTestId("soa-diff")).toContainText("A.5.1ownerAnaGrace");
  await expect(page.getByTestId("soa-diff-count")).toHaveText("1 difference from Version 1");
});
