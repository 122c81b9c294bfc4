import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, fillProfile, openApp, expectWorkspaces } from "./helpers";

async function downloadBackup(page: Page): Promise<string> {
  await page.goto("/settings");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /^Download backup of/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^praxis-.+-\d{4}-\d{2}-\d{2}\.json$/);
  return readFile(await download.path(), "utf8");
}

async function chooseFile(page: Page, text: string, name = "backup.json") {
  await page.getByLabel("Restore from a backup file").setInputFiles({
    name,
    mimeType: "application/json",
    buffer: Buffer.from(text, "utf8"),
  });
}

/** The backup without the one field that differs between two exports: when it was made. */
function comparable(json: string) {
  const { exported_at: _when, ...rest } = JSON.parse(json);
  return rest;
}

test("export, then import into a new browser profile, gives identical data", async ({ page, browser }) => {
  await openApp(page);
  await createWorkspace(page, "Export Co — Zürich");
  await fillProfile(page, "Export Company AG", "IT services for Zürich offices ✓", "Head office <b>HQ</b>");
  const exported = await downloadBackup(page);
  // The workspace's own record (its name) and the profile.
  expect(JSON.parse(exported).records.map((r: { kind: string }) => r.kind).sort()).toEqual(["profile", "workspace"]);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Welcome to Praxis");
  await other.goto("/settings");
  await chooseFile(other, exported);
  await expect(other.getByRole("region", { name: "Backup to import" })).toContainText(
    "“Export Co — Zürich”",
  );
  await other.getByRole("button", { name: "Import workspace" }).click();
  await expect(other.getByText("Imported “Export Co — Zürich”.", { exact: false })).toBeVisible();

  await other.goto("/");
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Export Co — Zürich");
  await expect(other.getByLabel("Organisation", { exact: true })).toHaveValue("Export Company AG");
  await expect(other.getByLabel(/Scope of the information security/)).toHaveValue("Head office <b>HQ</b>");
  const reexported = await downloadBackup(other);
  expect(comparable(reexported)).toEqual(comparable(exported));
  await fresh.close();
});

test("importing a workspace that exists offers replace or copy", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Twice");
  const exported = await downloadBackup(page);
  await chooseFile(page, exported);
  await expect(page.getByText(/already have here: “Twice”/)).toBeVisible();
  await page.getByRole("button", { name: "Import as a copy" }).click();
  await expect(page.getByText(/Imported “Twice”/)).toBeVisible();
  await expectWorkspaces(page, ["Twice", "Twice (imported copy)"]);
});

const malformed: Array<[string, (valid: string) => string, RegExp]> = [
  ["a truncated file", (v) => v.slice(0, Math.floor(v.length / 2)), /ends unexpectedly/i],
  ["text that is not JSON", () => "this is not json {", /not valid JSON|JSON/i],
  ["JSON that is not a backup", () => JSON.stringify({ hello: "world" }), /not a Praxis workspace backup/i],
  [
    "a backup from a newer version",
    (v) => JSON.stringify({ ...JSON.parse(v), version: 99 }),
    /newer version of Praxis/i,
  ],
  [
    "a backup with a wrong type",
    (v) => {
      const doc = JSON.parse(v);
      doc.workspace.created_at = "yesterday";
      return JSON.stringify(doc);
    },
    /workspace\.created_at/,
  ],
  [
    "a backup with an oversized string",
    (v) => {
      const doc = JSON.parse(v);
      doc.records[0].body.organisation = "x".repeat(100_001);
      return JSON.stringify(doc);
    },
    /too long|at most 100000|100,000|100 000/i,
  ],
  [
    "a backup with duplicate ids",
    (v) => {
      const doc = JSON.parse(v);
      doc.records.push(doc.records[0]);
      return JSON.stringify(doc);
    },
    /duplicate|twice|more than once/i,
  ],
];

for (const [what, corrupt, message] of malformed) {
  test(`importing ${what} shows an error and changes nothing`, async ({ page }) => {
    await openApp(page);
    await createWorkspace(page, "Keep Me");
    await fillProfile(page, "Keep Org", "kept sms", "kept isms");
    const valid = await downloadBackup(page);
    // Make the import target a different workspace id so a bad file cannot pass as "existing".
    const doc = JSON.parse(valid);
    doc.workspace.id = "other-workspace";
    for (const r of doc.records) r.workspace = "other-workspace";
    for (const c of doc.changes) c.workspace = "other-workspace";
    await chooseFile(page, corrupt(JSON.stringify(doc, null, 2)));
    await expect(page.locator("#import-error")).toContainText(message);
    await expect(page.locator("#import-error")).toContainText("Nothing was imported.");
    await expect(page.getByRole("region", { name: "Backup to import" })).toHaveCount(0);
    await page.reload();
    await expectWorkspaces(page, ["Keep Me"]);
    expect(comparable(await downloadBackup(page))).toEqual(comparable(valid));
  });
}
