import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp, waitSaved } from "./helpers";

/** Opens the clause group whose summary starts with `label`. */
async function openGroup(page: Page, label: string) {
  const group = page.locator("details.clause-group").filter({ hasText: label }).first();
  if (!(await group.evaluate((el) => (el as HTMLDetailsElement).open))) {
    await group.locator("summary").click();
  }
  return group;
}

function row(page: Page, itemId: string) {
  const id = new RegExp(`^${itemId.replace(/\./g, "\\.")}$`);
  return page.locator("li.item-row").filter({ has: page.locator(".item-title strong", { hasText: id }) }).first();
}

test("two pages of one assessment rate different items and both ratings survive", async ({ page, context }) => {
  await workspaceWithAssessment(page, "Two Tabs Ltd", "Shared readiness");

  // The second page reads the assessment before the first page rates anything.
  const second = await context.newPage();
  await openApp(second, new URL(page.url()).pathname);
  await expect(second.getByRole("heading", { level: 1 })).toHaveText("Shared readiness");

  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").locator("input[value='4']").check();
  await waitSaved(page);
  await openGroup(second, "A.5 Organizational controls");
  await row(second, "A.5.2").locator("input[value='2']").check();
  await waitSaved(second);

  for (const tab of [page, second]) {
    await tab.reload();
    await expect(tab.getByTestId("progress")).toHaveText("2 / 123");
    await openGroup(tab, "A.5 Organizational controls");
    await expect(row(tab, "A.5.1").locator("input[value='4']")).toBeChecked();
    await expect(row(tab, "A.5.2").locator("input[value='2']")).toBeChecked();
  }
  // The history names who made each change.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByRole("table").filter({ hasText: "Who" })).toContainText("Test User");
});

test("the first visit asks who is making changes, and saves are refused until then", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Who is making changes here?" })).toBeVisible();
  await page.getByLabel("Workspace name").fill("Nameless Ltd");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText(/first say who you are/)).toBeVisible();

  await page.getByLabel("Your name").fill("   ");
  await page.getByRole("button", { name: "Save my name" }).click();
  await expect(page.locator("#actor-error")).toContainText("cannot be empty");
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("E-mail (optional)").fill("not-an-address");
  await page.getByRole("button", { name: "Save my name" }).click();
  await expect(page.locator("#actor-error")).toContainText("is not an e-mail address");
  await page.getByLabel("E-mail (optional)").fill("grace@example.org");
  await page.getByRole("button", { name: "Save my name" }).click();
  await expect(page.getByRole("heading", { name: "Who is making changes here?" })).toHaveCount(0);

  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Workspace “Nameless Ltd” created.")).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "Who" })).toContainText("Grace Hopper");
  await page.reload();
  await expect(page.getByRole("heading", { name: "Who is making changes here?" })).toHaveCount(0);
  await context.close();
});

/** A backup of one workspace holding an assessment, as Praxis exports it. */
async function exportedBackup(page: Page): Promise<string> {
  await page.goto("/settings");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /^Download backup of/ }).click(),
  ]);
  return readFile(await download.path(), "utf8");
}

test("a backup holding a bad value for any kind is refused by name and changes nothing", async ({ page }) => {
  await workspaceWithAssessment(page, "Tamper Ltd", "Baseline");
  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").locator("input[value='3']").check();
  await waitSaved(page);
  const original = await exportedBackup(page);

  const tamper = (edit: (doc: any) => void) => {
    const doc = JSON.parse(original);
    // Imported as a new workspace, so that a refusal cannot be mistaken for "already there".
    doc.workspace.id = "tampered";
    doc.workspace.name = "Tampered Ltd";
    for (const r of doc.records) r.workspace = "tampered";
    for (const c of doc.changes) c.workspace = "tampered";
    for (const r of doc.records) if (r.kind === "workspace") r.id = "tampered";
    for (const c of doc.changes) if (c.kind === "workspace") c.record_id = "tampered";
    edit(doc);
    return JSON.stringify(doc);
  };
  const cases: [string, (doc: any) => void, RegExp][] = [
    [
      "rating level 9",
      (doc) => {
        const a = doc.records.find((r: any) => r.kind === "assessment");
        a.body["iso27001:2022/A.5.1#rating"] = { level: 9 };
      },
      /Assessment .* is damaged: field "iso27001:2022\/A\.5\.1#rating": A level is a whole number from 0 to 5/,
    ],
    [
      "profile with a number for the organisation",
      (doc) => doc.records.push({ workspace: "tampered", kind: "profile", id: "profile", updated_at: 1, body: { organisation: 7 } }),
      /Workspace profile profile is damaged: field "organisation"/,
    ],
    [
      "workspace name with a line break",
      (doc) => {
        doc.records.find((r: any) => r.kind === "workspace").body.name = "a\nb";
      },
      /Workspace tampered is damaged: field "name"/,
    ],
    [
      "framework without items",
      (doc) =>
        doc.records.push({
          workspace: "tampered", kind: "framework", id: "broken", updated_at: 1,
          body: { format: "praxis-framework", version: 1, id: "broken", name: "B", title: "B", items: [] },
        }),
      /Framework broken is damaged/,
    ],
  ];
  for (const [what, edit, message] of cases) {
    await page.getByLabel("Restore from a backup file").setInputFiles({
      name: `${what}.json`,
      mimeType: "application/json",
      buffer: Buffer.from(tamper(edit), "utf8"),
    });
    await expect(page.getByRole("alert").filter({ hasText: message }), what).toBeVisible();
  }
  await expect(page.locator("#workspace-select option")).toHaveText(["Tamper Ltd"]);
});

/** Creates a workspace and an ISO/IEC 27001 assessment; returns its path. */
async function workspaceWithAssessment(page: Page, workspace: string, title: string): Promise<string> {
  await openApp(page);
  await createWorkspace(page, workspace);
  await newAssessment(page, title, "ISO/IEC 27001:2022");
  return new URL(page.url()).pathname;
}

test("a second page shows the first page's edits live and keeps what it is typing", async ({ page, context }) => {
  const path = await workspaceWithAssessment(page, "Live Ltd", "Live readiness");
  const second = await context.newPage();
  await openApp(second, path);
  await openGroup(second, "A.5 Organizational controls");
  const secondRow = row(second, "A.5.1");
  await secondRow.getByRole("button", { name: "Details" }).click();
  await secondRow.getByLabel("Notes").fill("Typed in the second page, not saved yet");

  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").locator("input[value='4']").check();
  await row(page, "A.5.1").getByRole("button", { name: "Details" }).click();
  await row(page, "A.5.1").getByLabel("Owner").fill("Dana (IT)");
  await row(page, "A.5.1").getByRole("button", { name: "Save details" }).click();
  await waitSaved(page);

  // No reload: the second page follows, and its typing is untouched.
  await expect(secondRow.locator("input[value='4']")).toBeChecked();
  await expect(second.getByTestId("progress")).toHaveText("1 / 123");
  await expect(secondRow.getByLabel("Owner")).toHaveValue("Dana (IT)");
  await expect(secondRow.getByLabel("Notes")).toHaveValue("Typed in the second page, not saved yet");

  // Saving the notes there keeps the owner set here.
  await secondRow.getByRole("button", { name: "Save details" }).click();
  await waitSaved(second);
  await expect(row(page, "A.5.1").getByLabel("Notes")).toHaveValue("Typed in the second page, not saved yet");
  await page.reload();
  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").getByRole("button", { name: "Details" }).click();
  await expect(row(page, "A.5.1").getByLabel("Owner")).toHaveValue("Dana (IT)");
  await expect(row(page, "A.5.1").getByLabel("Notes")).toHaveValue("Typed in the second page, not saved yet");
});

test("a failed write says Not saved with the reason, keeps the change and retries", async ({ page }) => {
  await workspaceWithAssessment(page, "Flaky Disk Ltd", "Retry check");
  // The browser's database refuses writes for a while (as when the disk is full).
  await page.evaluate(() => {
    const w = window as any;
    w.__refuseWrites = true;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: any[]) {
      if (w.__refuseWrites) throw new DOMException("The disk is full (simulated).", "QuotaExceededError");
      return (put as any).apply(this, args);
    } as any;
  });
  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.3").locator("input[value='2']").check();
  await expect(page.getByText("Not saved", { exact: true })).toBeVisible();
  await expect(page.getByTestId("save-failure")).toContainText("disk is full");
  // Said once where it is seen whatever the scroll position, not only in the header.
  await expect(page.getByText(/^Not saved: .*disk is full/)).toHaveCount(1);
  await expect(page.getByTestId("save-failure").getByRole("button", { name: "Download a backup" })).toBeVisible();
  // Leaving now would lose the change: the browser asks first.
  const asked = page.waitForEvent("dialog").then(async (dialog) => {
    const type = dialog.type();
    await dialog.dismiss();
    return type;
  });
  await page.evaluate(() => {
    // A programmatic navigation that the beforeunload handler can stop.
    location.href = "/settings";
  }).catch(() => undefined);
  expect(await asked).toBe("beforeunload");

  await page.evaluate(() => {
    (window as any).__refuseWrites = false;
  });
  await waitSaved(page);
  await expect(page.getByText("Your changes are saved now.")).toBeVisible();
  await expect(page.getByText(/^Not saved: /)).toHaveCount(0);
  await expect(page.getByTestId("save-failure")).toHaveCount(0);
  await page.reload();
  await openGroup(page, "A.5 Organizational controls");
  await expect(row(page, "A.5.3").locator("input[value='2']")).toBeChecked();
});

test("a damaged record in the browser's database leaves the rest of the workspace usable", async ({ page }) => {
  await workspaceWithAssessment(page, "Damage Ltd", "Healthy one");
  await newAssessment(page, "Damaged one", "ISO/IEC 27001:2022");
  await waitSaved(page);

  // Something outside Praxis writes a rating of 9 into the stored record.
  await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const open = indexedDB.open("praxis");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction("records", "readwrite");
    const store = tx.objectStore("records");
    const rows: any[] = await new Promise((resolve) => {
      const all = store.getAll();
      all.onsuccess = () => resolve(all.result);
    });
    const row = rows.find((r) => r.kind === "assessment" && JSON.parse(r.body).title === "Damaged one");
    const body = JSON.parse(row.body);
    body["iso27001:2022/A.5.1#rating"] = { level: 9 };
    row.body = JSON.stringify(body);
    store.put(row);
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await page.reload();
  const damaged = page.locator(".damaged");
  await expect(damaged).toContainText('is damaged: field "iso27001:2022/A.5.1#rating": A level is a whole number from 0 to 5');
  // Named by its title as far as it can still be read, so people know which one it is.
  await expect(damaged.getByRole("heading", { level: 3 })).toHaveText("“Damaged one”");
  await expect(damaged.getByRole("button", { name: "Export damaged Assessment “Damaged one”", exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: "Healthy one" })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    damaged.getByRole("button", { name: /^Export damaged/ }).click(),
  ]);
  expect(JSON.parse(await readFile(await download.path(), "utf8")).body["iso27001:2022/A.5.1#rating"]).toEqual({ level: 9 });

  // The healthy assessment opens and takes ratings.
  await page.getByRole("link", { name: "Healthy one" }).click();
  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").locator("input[value='3']").check();
  await waitSaved(page);
  await expect(page.getByTestId("progress")).toHaveText("1 / 123");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await page.locator(".damaged").getByRole("button", { name: /^Delete damaged/ }).click();
  await expect(page.getByText("Damaged record deleted.")).toBeVisible();
  await expect(page.locator(".damaged")).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Healthy one" })).toBeVisible();
});

test("an assessment's history says who changed which field, when, and to what, newest first", async ({ page }) => {
  const assessment = await workspaceWithAssessment(page, "History Ltd", "Audit trail");
  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").locator("input[value='3']").check();
  await waitSaved(page);

  // Someone else takes over this device.
  await page.goto("/settings");
  await page.getByRole("textbox", { name: "Your name" }).fill("Ada Lovelace");
  await page.getByRole("button", { name: "Save my name" }).click();
  await page.goto(assessment);
  await openGroup(page, "A.5 Organizational controls");
  await row(page, "A.5.1").locator("input[value='4']").check();
  await waitSaved(page);

  await page.locator("details.history > summary").click();
  const rows = page.locator("details.history tbody tr");
  await expect(rows.first()).toContainText("Ada Lovelace");
  await expect(rows.first()).toContainText("ISO/IEC 27001:2022 A.5.1 · rating");
  await expect(rows.first()).toContainText("level 4");
  await expect(rows.nth(1)).toContainText("Test User");
  await expect(rows.nth(1)).toContainText("level 3");
  await expect(page.locator("details.history")).toContainText("Title");
  await expect(page.locator("details.history")).toContainText("“Audit trail”");
  // Live: a new change shows while the history is open.
  await row(page, "A.5.1").locator("input[value='5']").check();
  await expect(rows.first()).toContainText("level 5");
});
