// Evidence files: attached to an action with the network off, the SHA-256 shown the same as the
// file's own, opened offline byte for byte, backed up as an archive of the JSON and the file,
// refused when too large, and restored into a fresh browser profile intact.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { createWorkspace, goInApp, openApp } from "./helpers";

const SCAN = Buffer.from("%PDF-1.7\nAccess review of 2026-12-01, signed by the ISMS manager.\n\u0000\u00ff", "latin1");
const SHA = createHash("sha256").update(SCAN).digest("hex");

test("an evidence file attached offline keeps its hash through a backup into a fresh profile", async ({ page, context, browser }) => {
  test.setTimeout(90_000);
  await openApp(page);
  await createWorkspace(page, "Evidence Co");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Evidence Co");
  await goInApp(page, "/actions");
  await page.getByLabel("What is to be done").fill("Review access rights");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review access rights");
  const actionPath = new URL(page.url()).pathname;
  await expect(page.getByText("No files yet.")).toBeVisible();

  // Offline: attached, its hash shown, opened from this browser byte for byte.
  await context.setOffline(true);
  const picker = page.getByLabel(/^Attach a file \(at most 10 MiB/);
  await picker.setInputFiles({ name: "access-review.pdf", mimeType: "application/pdf", buffer: SCAN });
  await expect(page.getByText("“access-review.pdf” attached.")).toBeVisible();
  await expect(page.getByTestId("evidence-sha")).toHaveText(SHA);
  const [opened] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("evidence-files").getByRole("button", { name: "access-review.pdf" }).click(),
  ]);
  expect(opened.suggestedFilename()).toBe("access-review.pdf");
  expect(await readFile((await opened.path())!)).toEqual(SCAN);

  // Too large: refused before it is read, with the limit.
  await picker.setInputFiles({ name: "video.mp4", mimeType: "video/mp4", buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
  await expect(page.getByRole("alert").filter({ hasText: "an evidence file can have at most 10 MiB" })).toBeVisible();
  await expect(page.getByTestId("evidence-sha")).toHaveCount(1);

  // Backed up: an archive holding the JSON and the file.
  await goInApp(page, "/settings");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: /^Download backup of/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^praxis-.+-\d{4}-\d{2}-\d{2}\.zip$/);
  const archive = await readFile((await download.path())!);
  expect(archive.subarray(0, 2).toString()).toBe("PK");
  expect(archive.includes(Buffer.from(`files/${SHA}`))).toBe(true);
  expect(archive.includes(SCAN)).toBe(true);
  await context.setOffline(false);

  // A damaged copy is refused whole.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openApp(other, "/settings");
  const tampered = Buffer.from(archive);
  tampered[archive.indexOf(SCAN) + 3] ^= 1;
  await other.getByLabel("Restore from a backup file").setInputFiles({ name: "backup.zip", mimeType: "application/zip", buffer: tampered });
  await expect(other.getByRole("alert").filter({ hasText: "is damaged" })).toBeVisible();

  // Restored into the fresh profile: the file is there, the same bytes.
  await other.getByLabel("Restore from a backup file").setInputFiles({ name: "backup.zip", mimeType: "application/zip", buffer: archive });
  await expect(other.getByRole("region", { name: "Backup to import" })).toContainText("“Evidence Co”");
  await other.getByRole("button", { name: "Import workspace" }).click();
  await expect(other.getByText("Imported “Evidence Co”.", { exact: false })).toBeVisible();
  await goInApp(other, actionPath);
  await expect(other.getByTestId("evidence-sha")).toHaveText(SHA);
  const [restored] = await Promise.all([
    other.waitForEvent("download"),
    other.getByTestId("evidence-files").getByRole("button", { name: "access-review.pdf" }).click(),
  ]);
  expect(await readFile((await restored.path())!)).toEqual(SCAN);

  // Taken off after a confirmation.
  other.once("dialog", (dialog) => void dialog.accept());
  await other.getByRole("button", { name: "Take off" }).click();
  await expect(other.getByText("File taken off.")).toBeVisible();
  await expect(other.getByText("No files yet.")).toBeVisible();
  await fresh.close();
});
