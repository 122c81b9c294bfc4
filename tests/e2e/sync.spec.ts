// Sharing a workspace through the real server: one browser shares it, another joins with an
// invite code, and an edit made in either reaches the other.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp, person, shareNewWorkspace, syncNow, waitSaved } from "./helpers";

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
  await grace.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
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

/**
 * Ada shares a new workspace holding one assessment and Grace joins it (as an editor); both
 * then open the assessment while online and lose the network. Returns both and its path.
 */
async function twoApart(browser: Browser, baseURL: string, workspace: string, assessment: string) {
  const ada = await person(browser, "Ada");
  const assessmentPath = await shareNewWorkspace(ada, baseURL, workspace, assessment);
  await ada.getByRole("button", { name: "Make an invite code" }).click();
  const code = (await ada.getByTestId("invite-code").textContent())!.trim();

  const grace = await person(browser, "Grace");
  await openApp(grace, "/settings");
  await grace.getByLabel("Server address").fill(baseURL);
  await grace.getByLabel("Invite code").fill(code);
  await grace.getByRole("button", { name: "Join with this code" }).click();
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced");

  for (const page of [ada, grace]) {
    await page.goto(assessmentPath);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(assessment);
    await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
    await page.context().setOffline(true);
  }
  return { ada, grace, assessmentPath };
}

/** Both come back online; Ada syncs once more to pull what Grace sent after her. */
async function reconnect(ada: Page, grace: Page) {
  await ada.context().setOffline(false);
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  await grace.context().setOffline(false);
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced");
  await syncNow(ada);
}

test("two browsers rate one assessment offline and both see every rating once they reconnect", async ({ browser, baseURL }) => {
  const { ada, grace, assessmentPath } = await twoApart(browser, baseURL!, "Offline workshop", "Readiness offline");

  // Offline, both rate: one item each, and one item both (Grace last).
  for (const page of [ada, grace]) await openGroup(page, "A.5 Organizational controls");
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

  await reconnect(ada, grace);

  for (const page of [ada, grace]) {
    await page.goto(assessmentPath);
    await openGroup(page, "A.5 Organizational controls");
    await expect(rating(page, "A.5.1", 4)).toBeChecked();
    await expect(rating(page, "A.5.2", 2)).toBeChecked();
    await expect(rating(page, "A.5.3", 3)).toBeChecked();
    // The later notes are shown; the other version is kept beside them, not lost.
    const row = await openDetails(page, "A.5.1");
    await expect(row.getByLabel("Notes", { exact: true })).toHaveValue("Grace's notes");
    await expect(row.locator(".kept-versions")).toContainText("Another version of these notes");
    await expect(row.locator(".kept-version")).toContainText("Written by Ada");
    await expect(row.locator(".kept-version blockquote")).toHaveText("Ada's notes");
  }

  // Ada keeps both; once they sync, Grace sees the notes settled too.
  await itemRow(ada, "A.5.1").getByRole("button", { name: "Keep both" }).click();
  await expect(itemRow(ada, "A.5.1").getByLabel("Notes", { exact: true })).toHaveValue("Grace's notes\n\nAda's notes");
  await expect(itemRow(ada, "A.5.1").locator(".kept-versions")).toHaveCount(0);
  await syncNow(ada);
  await syncNow(grace);
  await grace.goto(assessmentPath);
  await openGroup(grace, "A.5 Organizational controls");
  const settled = await openDetails(grace, "A.5.1");
  await expect(settled.getByLabel("Notes", { exact: true })).toHaveValue("Grace's notes\n\nAda's notes");
  await expect(settled.locator(".kept-versions")).toHaveCount(0);
});

test("a scope and a justification rewritten on two devices apart keep both versions until someone chooses", async ({ browser, baseURL }) => {
  const { ada, grace, assessmentPath } = await twoApart(browser, baseURL!, "Scopes apart", "Readiness apart");
  const ismsScope = "Scope of the information security management system (ISO/IEC 27001)";
  const justification = /Justification for excluding/;

  // Offline, each excludes one control with their own reason, then rewrites the ISMS scope
  // (Grace last each time).
  for (const [page, why] of [[ada, "No software is developed here."], [grace, "Development is outsourced."]] as const) {
    await openGroup(page, "A.8 Technological controls");
    const control = await openDetails(page, "A.8.28");
    await control.getByLabel(justification).fill(why);
    await control.getByRole("button", { name: "Mark not applicable" }).click();
    await expect(control).toContainText(`Not applicable: ${why}`);
    await waitSaved(page);
  }
  for (const [page, scope] of [[ada, "Head office and the data centre"], [grace, "Head office and remote staff"]] as const) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await page.getByLabel(ismsScope).fill(scope);
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByText("Profile saved.")).toBeVisible();
  }
  await reconnect(ada, grace);

  // Both show the later texts, with the other version kept beside each, naming its author.
  for (const page of [ada, grace]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
    await expect(page.getByLabel(ismsScope)).toHaveValue("Head office and remote staff");
    const scopeVersions = page.locator(".kept-versions");
    await expect(scopeVersions).toContainText("Another version of this scope");
    await expect(scopeVersions.locator(".kept-version")).toContainText("Written by Ada");
    await expect(scopeVersions.locator("blockquote")).toHaveText("Head office and the data centre");

    await page.goto(assessmentPath);
    await openGroup(page, "A.8 Technological controls");
    const control = await openDetails(page, "A.8.28");
    await expect(control).toContainText("Not applicable: Development is outsourced.");
    await expect(control.locator(".kept-versions")).toContainText("Another version of this justification");
    await expect(control.locator(".kept-version blockquote")).toHaveText("No software is developed here.");
  }

  // Grace takes Ada's scope; Ada keeps Grace's justification. Once synced, each sees both settled.
  await grace.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await grace.locator(".kept-version").getByRole("button", { name: "Use this version" }).click();
  await expect(grace.getByLabel(ismsScope)).toHaveValue("Head office and the data centre");
  await expect(grace.locator(".kept-versions")).toHaveCount(0);
  await itemRow(ada, "A.8.28").getByRole("button", { name: "Keep the text above and drop this version" }).click();
  await expect(itemRow(ada, "A.8.28").locator(".kept-versions")).toHaveCount(0);
  await expect(itemRow(ada, "A.8.28")).toContainText("Not applicable: Development is outsourced.");
  await syncNow(grace);
  await syncNow(ada);
  await syncNow(grace);

  await ada.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(ada.getByLabel(ismsScope)).toHaveValue("Head office and the data centre");
  await expect(ada.locator(".kept-versions")).toHaveCount(0);
  await grace.goto(assessmentPath);
  await openGroup(grace, "A.8 Technological controls");
  const settled = await openDetails(grace, "A.8.28");
  await expect(settled).toContainText("Not applicable: Development is outsourced.");
  await expect(settled.locator(".kept-versions")).toHaveCount(0);
});
