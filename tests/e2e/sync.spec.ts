// Sharing a workspace through the real server: one browser shares it, another joins with an
// invite code, and an edit made in either reaches the other.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp } from "./helpers";

async function person(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((actor) => {
    if (!localStorage.getItem("praxis.actor")) localStorage.setItem("praxis.actor", actor);
  }, JSON.stringify({ name, email: "" }));
  return page;
}

test("a workspace shared by one browser is joined by another and edits travel both ways", async ({ browser, baseURL }) => {
  const ada = await person(browser, "Ada");
  await openApp(ada, "/settings");
  await createWorkspace(ada, "Shared readiness");
  await newAssessment(ada, "Readiness 2027");

  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByLabel("Server address").fill(baseURL!);
  await ada.getByLabel("This device's name").fill("Ada's laptop");
  await ada.getByRole("button", { name: "Share “Shared readiness” on this server" }).click();
  await expect(ada.getByText("Shared: the workspace is on the server now.")).toBeVisible();
  await expect(ada.getByTestId("sync-connection")).toContainText("You are owner here.");
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await expect(ada.getByTestId("sync-members")).toContainText("Ada (you) — owner");

  await ada.getByLabel("Their role").selectOption("editor");
  await ada.getByRole("button", { name: "Make an invite code" }).click();
  const code = (await ada.getByTestId("invite-code").textContent())!.trim();
  expect(code).toMatch(/^[a-z0-9-]{20,}$/i);

  const grace = await person(browser, "Grace");
  await openApp(grace, "/settings");
  await grace.getByLabel("Server address").fill(baseURL!);
  await grace.getByLabel("This device's name").fill("Grace's tablet");
  await grace.getByLabel("Invite code").fill(code);
  await grace.getByRole("button", { name: "Join with this code" }).click();
  await expect(grace.getByText("Joined: the workspace is filling in as it syncs.")).toBeVisible();
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced");
  await expect(grace.getByTestId("sync-connection")).toContainText("You are editor here.");
  await expect(grace.locator("#workspace-select option:checked")).toHaveText("Shared readiness");

  await grace.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(grace.getByRole("link", { name: "Readiness 2027" })).toBeVisible();

  // And back: Grace's new assessment reaches Ada when Ada syncs.
  await newAssessment(grace, "Grace's review");
  await expect(grace.getByTestId("sync-pill")).toHaveText(/changes? waiting/);
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced");
  await ada.getByRole("button", { name: "Sync now" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await ada.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(ada.getByRole("link", { name: "Grace's review" })).toBeVisible();

  // Grace adds an assessment while offline, and meanwhile the owner makes her a viewer. Back
  // online, her push is refused with the reason, her pull tells her device the new role, and
  // every page turns read only; what she made stays in view on her device.
  await grace.context().setOffline(true);
  await newAssessment(grace, "Not allowed");
  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByLabel("Role of Grace").selectOption("viewer");
  await expect(ada.getByLabel("Role of Grace")).toHaveValue("viewer");
  await grace.context().setOffline(false);
  await expect(grace.getByTestId("viewer-notice")).toContainText("You are a viewer in this workspace");
  await grace.getByRole("link", { name: "Settings" }).click();
  await expect(grace.getByTestId("sync-refused")).toContainText("Viewers cannot change anything in this workspace.");
  await expect(grace.getByTestId("sync-connection")).toContainText("You are viewer here.");
  await expect(grace.getByRole("button", { name: "Rename Shared readiness" })).toBeDisabled();
  await grace.getByRole("link", { name: "Dashboard" }).click();
  await expect(grace.getByLabel("Organisation", { exact: true })).toBeDisabled();
  await expect(grace.getByRole("button", { name: "Save profile" })).toBeDisabled();
  await grace.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(grace.getByRole("link", { name: "Not allowed" })).toBeVisible();
  await expect(grace.getByRole("button", { name: "Create assessment" })).toHaveCount(0);
  await expect(grace.getByRole("button", { name: "Delete Readiness 2027" })).toBeDisabled();
  await expect(grace.getByRole("button", { name: "Duplicate Readiness 2027" })).toBeDisabled();
  await grace.getByRole("link", { name: "Readiness 2027" }).click();
  await openGroup(grace, "A.5 Organizational controls");
  await expect(rating(grace, "A.5.1", 3)).toBeDisabled();
  const viewed = await openDetails(grace, "A.5.1");
  await expect(viewed.getByLabel("Notes", { exact: true })).toBeDisabled();
  await expect(viewed.getByRole("button", { name: "Save details" })).toBeDisabled();
  await expect(viewed.getByLabel("Finding for A.5.1")).toBeDisabled();
  // The workshop's rating keys change nothing either, and say why.
  await grace.getByRole("link", { name: "Workshop mode" }).click();
  await expect(grace.locator(".workshop-level").first()).toBeDisabled();
  await grace.keyboard.press("3");
  await expect(grace.getByRole("alert").filter({ hasText: "You are a viewer in this workspace" })).toBeVisible();
  await expect(grace.locator(".workshop-level").nth(3)).toHaveAttribute("aria-pressed", "false");
  await expect(grace.locator(".workshop-bar")).toContainText(/^0 of \d+ items rated/);
  await grace.keyboard.press("Escape");
  await expect(grace.getByRole("link", { name: "Workshop mode" })).toBeVisible();

  await ada.getByRole("button", { name: "Sync now" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await ada.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(ada.getByRole("link", { name: "Grace's review" })).toBeVisible();
  await expect(ada.getByRole("link", { name: "Not allowed" })).toHaveCount(0);

  // Made an editor again, Grace's device offers edits after its next round.
  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByLabel("Role of Grace").selectOption("editor");
  await expect(ada.getByLabel("Role of Grace")).toHaveValue("editor");
  await grace.getByRole("link", { name: "Settings" }).click();
  await grace.getByRole("button", { name: "Sync now" }).click();
  await expect(grace.getByTestId("viewer-notice")).toHaveCount(0);
  await expect(grace.getByRole("button", { name: "Rename Shared readiness" })).toBeEnabled();

  // The owner revokes Grace's tablet: it stops syncing and says why.
  await ada.getByRole("link", { name: "Settings" }).click();
  await expect(ada.getByTestId("sync-members")).toContainText("Grace's tablet · last seen");
  ada.once("dialog", (dialog) => dialog.accept());
  await ada.getByRole("button", { name: "Revoke Grace's tablet…" }).click();
  await expect(ada.getByRole("button", { name: "Revoke Grace's tablet…" })).toHaveCount(0);
  await grace.getByRole("button", { name: "Sync now" }).click();
  await expect(grace.getByTestId("sync-pill")).toHaveText(/Sync failed: This device is not signed in to this workspace/);

  // An invite works once.
  const third = await person(browser, "Mallory");
  await openApp(third, "/settings");
  await createWorkspace(third, "Elsewhere");
  await third.getByLabel("Server address").fill(baseURL!);
  await third.getByLabel("Invite code").fill(code);
  await third.getByRole("button", { name: "Join with this code" }).click();
  await expect(third.getByRole("alert").filter({ hasText: /invite/i })).toBeVisible();
});

test("a server address that cannot be used is refused with its reason and nothing changes", async ({ page }) => {
  await openApp(page, "/settings");
  await createWorkspace(page, "Local only");
  for (const [typed, reason] of [
    ["praxis.example.org", "Start the address with https://"],
    ["ftp://example.org", "not ftp://"],
    ["https://ada:secret@example.org", "user name or password"],
  ]) {
    await page.getByLabel("Server address").fill(typed);
    await page.getByRole("button", { name: "Share “Local only” on this server" }).click();
    await expect(page.locator("#sync-error")).toContainText(reason);
  }
  // A server that does not answer: offline, in words, and the workspace stays unshared.
  await page.getByLabel("Server address").fill("http://127.0.0.1:9/");
  await page.getByRole("button", { name: "Share “Local only” on this server" }).click();
  await expect(page.locator("#sync-error")).toContainText("cannot be reached");
  await expect(page.getByTestId("sync-pill")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Share “Local only” on this server" })).toBeVisible();
});

/** Opens the clause group whose summary starts with `label`. */
async function openGroup(page: Page, label: string) {
  const group = page.locator("details.clause-group").filter({ hasText: label }).first();
  if (!(await group.evaluate((el) => (el as HTMLDetailsElement).open))) {
    await group.locator("summary").click();
  }
}

function itemRow(page: Page, itemId: string) {
  const id = new RegExp(`^${itemId.replace(/\./g, "\\.")}$`);
  return page
    .locator("li.item-row")
    .filter({ has: page.locator(".item-title strong", { hasText: id }) })
    .first();
}

function rating(page: Page, itemId: string, level: number) {
  return itemRow(page, itemId).locator(`input[value='${level}']`);
}

async function openDetails(page: Page, itemId: string) {
  const row = itemRow(page, itemId);
  const toggle = row.getByRole("button", { name: "Details" });
  if (await toggle.count()) await toggle.click();
  return row;
}

async function syncNow(page: Page) {
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
}

test("two browsers rate one assessment offline and both see every rating once they reconnect", async ({ browser, baseURL }) => {
  const ada = await person(browser, "Ada");
  await openApp(ada, "/settings");
  await createWorkspace(ada, "Offline workshop");
  await newAssessment(ada, "Readiness offline");
  const assessmentPath = new URL(ada.url()).pathname;
  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByLabel("Server address").fill(baseURL!);
  await ada.getByRole("button", { name: "Share “Offline workshop” on this server" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await ada.getByRole("button", { name: "Make an invite code" }).click();
  const code = (await ada.getByTestId("invite-code").textContent())!.trim();

  const grace = await person(browser, "Grace");
  await openApp(grace, "/settings");
  await grace.getByLabel("Server address").fill(baseURL!);
  await grace.getByLabel("Invite code").fill(code);
  await grace.getByRole("button", { name: "Join with this code" }).click();
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced");

  // Both lose the network, then rate: one item each, and one item both (Grace last).
  for (const page of [ada, grace]) {
    await page.goto(assessmentPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Readiness offline");
    await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
    await page.context().setOffline(true);
    await openGroup(page, "A.5 Organizational controls");
  }
  await rating(ada, "A.5.1", 4).check();
  await rating(ada, "A.5.3", 1).check();
  await expect(ada.getByTestId("sync-pill")).toHaveText(/Server offline · \d+ changes? waiting/);
  await rating(grace, "A.5.2", 2).check();
  await rating(grace, "A.5.3", 3).check();
  await expect(grace.getByTestId("sync-pill")).toHaveText(/Server offline · \d+ changes? waiting/);
  // And both rewrite the notes of one item (Grace last).
  for (const [page, notes] of [[ada, "Ada's notes"], [grace, "Grace's notes"]] as const) {
    const row = await openDetails(page, "A.5.1");
    await row.getByLabel("Notes", { exact: true }).fill(notes);
    await row.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByText("Details saved.")).toBeVisible();
  }

  // Back online: each syncs by itself; Ada syncs once more to pull what Grace sent after her.
  await ada.context().setOffline(false);
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await grace.context().setOffline(false);
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced");
  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByRole("button", { name: "Sync now" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");

  for (const page of [ada, grace]) {
    await page.goto(assessmentPath);
    await openGroup(page, "A.5 Organizational controls");
    await expect(rating(page, "A.5.1", 4)).toBeChecked();
    await expect(rating(page, "A.5.2", 2)).toBeChecked();
    await expect(rating(page, "A.5.3", 3)).toBeChecked();
    // The later notes are shown; the other version is kept beside them, not lost.
    const row = await openDetails(page, "A.5.1");
    await expect(row.getByLabel("Notes", { exact: true })).toHaveValue("Grace's notes");
    await expect(row.locator(".kept-notes")).toContainText("Another version of these notes");
    await expect(row.locator(".kept-note")).toContainText("Written by Ada");
    await expect(row.locator(".kept-note blockquote")).toHaveText("Ada's notes");
  }

  // Ada keeps both; once they sync, Grace sees the notes settled too.
  await itemRow(ada, "A.5.1").getByRole("button", { name: "Keep both" }).click();
  await expect(itemRow(ada, "A.5.1").getByLabel("Notes", { exact: true })).toHaveValue("Grace's notes\n\nAda's notes");
  await expect(itemRow(ada, "A.5.1").locator(".kept-notes")).toHaveCount(0);
  await syncNow(ada);
  await syncNow(grace);
  await grace.goto(assessmentPath);
  await openGroup(grace, "A.5 Organizational controls");
  const settled = await openDetails(grace, "A.5.1");
  await expect(settled.getByLabel("Notes", { exact: true })).toHaveValue("Grace's notes\n\nAda's notes");
  await expect(settled.locator(".kept-notes")).toHaveCount(0);
});
