// Evidence files: attached to an action with the network off, the SHA-256 shown the same as the
// file's own, opened offline byte for byte, backed up as an archive of the JSON and the file,
// refused when too large, restored into a fresh browser profile intact, and taken off (it then
// leaves the backups). Then in a shared workspace: a file attached on one person's device
// reaches the other's through the server — shown as not here yet while its upload waits, then
// the same bytes — and back the other way.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, goInApp, joinWithCode, openApp, person, syncNow } from "./helpers";

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
  // A file taken off does not travel on in backups: the next one is JSON only.
  await goInApp(other, "/settings");
  const [after] = await Promise.all([
    other.waitForEvent("download"),
    other.getByRole("button", { name: /^Download backup of/ }).click(),
  ]);
  expect(after.suggestedFilename()).toMatch(/\.json$/);
  expect((await readFile((await after.path())!)).includes(SCAN)).toBe(false);
  await fresh.close();
});

async function openedBytes(page: Page, name: string) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("evidence-files").getByRole("button", { name }).click(),
  ]);
  return readFile((await download.path())!);
}

test("an evidence file attached on one device opens on another's after both sync, checked by its hash", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const ada = await person(browser, "Ada");
  await openApp(ada, "/settings");
  await createWorkspace(ada, "Shared Evidence");
  await ada.getByLabel("Server address").fill(baseURL!);
  await ada.getByLabel("This device's name").fill("Ada's laptop");
  await ada.getByRole("button", { name: "Share “Shared Evidence” on this server" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await ada.getByLabel("Their role").selectOption("editor");
  await ada.getByRole("button", { name: "Make an invite code" }).click();
  const code = (await ada.getByTestId("invite-code").textContent())!.trim();

  const grace = await joinWithCode(browser, baseURL!, "Grace", code);

  // Ada attaches a file to an action; its record reaches the server, its upload does not yet.
  await goInApp(ada, "/actions");
  await ada.getByLabel("What is to be done").fill("Review access rights");
  await ada.getByRole("button", { name: "Add action" }).click();
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("Review access rights");
  const actionPath = new URL(ada.url()).pathname;
  let uploadTried!: () => void;
  const tried = new Promise<void>((resolve) => (uploadTried = resolve));
  await ada.route("**/api/v1/workspaces/*/files/*", async (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    uploadTried();
    await route.abort("connectionrefused");
  });
  await ada
    .getByLabel(/^Attach a file \(at most 10 MiB; kept in this browser, opened offline, shared with the workspace's members when it syncs\)/)
    .setInputFiles({ name: "access-review.pdf", mimeType: "application/pdf", buffer: SCAN });
  await expect(ada.getByText("“access-review.pdf” attached.")).toBeVisible();
  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByRole("button", { name: "Sync now" }).click();
  await tried;

  await syncNow(grace);
  await goInApp(grace, actionPath);
  const row = grace.getByTestId("evidence-files").getByRole("listitem");
  await expect(row).toContainText("access-review.pdf");
  await expect(grace.getByTestId("evidence-sha")).toHaveText(SHA);
  await expect(grace.getByTestId("evidence-absent")).toHaveText("Not on this device yet");
  await expect(row).toContainText("Attached on another device: it arrives with a sync once that device has shared it.");
  await expect(row.getByRole("button", { name: "access-review.pdf" })).toHaveCount(0);

  // Ada's next round uploads it; Grace's fetches it, and the bytes are the ones attached.
  await ada.unroute("**/api/v1/workspaces/*/files/*");
  await syncNow(ada);
  await syncNow(grace);
  await goInApp(grace, actionPath);
  await expect(grace.getByTestId("evidence-absent")).toHaveCount(0);
  expect(await openedBytes(grace, "access-review.pdf")).toEqual(SCAN);

  // Grace, an editor, attaches one with her network off; it reaches Ada once both sync.
  const minutes = Buffer.from("Minutes of the access review meeting\n\u0001\u0002", "latin1");
  await grace.context().setOffline(true);
  await grace
    .getByLabel(/^Attach a file/)
    .setInputFiles({ name: "minutes.txt", mimeType: "text/plain", buffer: minutes });
  await expect(grace.getByText("“minutes.txt” attached.")).toBeVisible();
  await grace.context().setOffline(false);
  await syncNow(grace);
  await syncNow(ada);
  await goInApp(ada, actionPath);
  await expect(ada.getByTestId("evidence-sha")).toHaveText([
    createHash("sha256").update(minutes).digest("hex"),
    SHA,
  ]);
  expect(await openedBytes(ada, "minutes.txt")).toEqual(minutes);
  expect(await openedBytes(ada, "access-review.pdf")).toEqual(SCAN);
});
