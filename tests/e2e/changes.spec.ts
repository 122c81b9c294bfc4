// Changes: an incident raised from a service leads to a problem; an editor requests the change
// that removes it and assesses it but cannot approve it; she plans its release, which cannot be
// deployed until an approver on another device approves the change; she schedules it (the
// forward schedule shows it, and as a calendar file), implements it, deploys and reviews the
// release, reviews and closes the change; every link between them is one click. And the guards of emergency,
// failed and standard changes, with the dashboard's count of changes awaiting approval.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, openApp, person, syncNow } from "./helpers";

/** `datetime-local` text for `days` from today at `hour`:00, local time. */
function localAt(days: number, hour: number) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  d.setHours(hour, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

async function join(page: Page, baseURL: string, code: string, device: string) {
  await openApp(page, "/settings");
  await page.getByLabel("Server address").fill(baseURL);
  await page.getByLabel("This device's name").fill(device);
  await page.getByLabel("Invite code").fill(code);
  await page.getByRole("button", { name: "Join with this code" }).click();
  await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
}

/** Makes an invite code for `role`; waits for a code other than `previous`. */
async function invite(page: Page, role: string, previous = "") {
  await page.getByLabel("Their role").selectOption(role);
  await page.getByRole("button", { name: "Make an invite code" }).click();
  const code = page.getByTestId("invite-code");
  await expect(code).toHaveText(/^\s*[a-z0-9-]{20,}\s*$/i);
  if (previous) await expect(code).not.toHaveText(previous);
  return (await code.textContent())!.trim();
}

test("an incident's problem is removed by a change an approver approves and an editor cannot", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const ada = await person(browser, "Ada");
  await openApp(ada);
  await createWorkspace(ada, "Change Co");
  await ada.goto("/services");
  await ada.getByLabel("Name", { exact: true }).fill("E-mail");
  await ada.getByRole("button", { name: "Add service" }).click();
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  await ada.getByRole("link", { name: "This service's tickets, and a form to log one" }).click();
  await ada.getByLabel("Title").fill("Large mail bounces");
  await ada.getByRole("button", { name: "Log ticket" }).click();
  await expect(ada.getByRole("heading", { level: 1 })).toHaveText("Large mail bounces");
  await expect(ada.getByTestId("response-clock")).toBeVisible();
  await ada.getByRole("button", { name: "Raise a problem from this incident" }).click();
  await expect(ada.getByTestId("problem-incidents")).toContainText("Large mail bounces");
  const problemPath = new URL(ada.url()).pathname;

  await ada.getByRole("link", { name: "Settings" }).click();
  await ada.getByLabel("Server address").fill(baseURL!);
  await ada.getByLabel("This device's name").fill("Ada's laptop");
  await ada.getByRole("button", { name: "Share “Change Co” on this server" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  const editorCode = await invite(ada, "editor");
  const approverCode = await invite(ada, "approver", editorCode);

  // Grace, an editor, requests the change from the problem's page.
  const grace = await person(browser, "Grace");
  await join(grace, baseURL!, editorCode, "Grace's tablet");
  await grace.goto(problemPath);
  await grace.getByRole("link", { name: "Request a change to remove it" }).click();
  await expect(grace.locator("#new-change-problem")).toHaveValue(problemPath.split("/").pop()!);
  await expect(grace.locator("#new-change-type option[value=standard]")).toBeDisabled();
  await grace.locator("#new-change-title-input").fill("Raise the relay's size limit");
  await grace.getByRole("button", { name: "Request change" }).click();
  await expect(grace.getByRole("heading", { level: 1 })).toHaveText("Raise the relay's size limit");
  await expect(grace.getByTestId("change-state")).toHaveText("Requested");
  await expect(grace.getByTestId("change-problem")).toHaveText(/Large mail bounces/);
  const changePath = new URL(grace.url()).pathname;

  // Assessed only with its risk and both impacts.
  await expect(grace.getByRole("button", { name: "Move to assessed" })).toBeDisabled();
  await expect(grace.getByText("A change is assessed only once its risk is rated.")).toBeVisible();
  await grace.getByLabel("Risk level").selectOption("medium");
  await grace.getByLabel("Impact", { exact: true }).fill("Mail is paused for five minutes while the relay restarts");
  await expect(grace.getByRole("button", { name: "Move to assessed" })).toBeDisabled();
  await grace.getByLabel("Information security impact", { exact: true }).fill("None: TLS and filtering unchanged");
  await grace.getByRole("button", { name: "Save change" }).click();
  await expect(grace.getByText("Change saved.")).toBeVisible();
  await grace.getByRole("button", { name: "Move to assessed" }).click();
  await expect(grace.getByTestId("change-state")).toHaveText("Assessed");

  // An editor cannot approve: the buttons say why, and approving is not offered as a step.
  await expect(grace.getByTestId("change-tally")).toHaveText("0 of 1 approval");
  await expect(grace.getByRole("button", { name: "Approve change" })).toBeDisabled();
  await expect(grace.getByTestId("change-decide-why")).toHaveText("Only approvers and owners decide on changes; you are an editor in this workspace.");
  await expect(grace.getByRole("button", { name: "Move to approved" })).toBeDisabled();
  await expect(grace.getByText("A normal change is approved by 1 approver: none yet.")).toBeVisible();
  await expect(grace.getByLabel("Approvals needed")).toBeDisabled();

  // She plans the release that will deploy it: built and accepted, but not deployed while the
  // change waits for its approval.
  await grace.getByRole("link", { name: "Plan a release with this change" }).click();
  await expect(grace.getByText("It will bundle the change you came from")).toBeVisible();
  await grace.locator("#new-release-title-input").fill("Mail relay 2.4");
  await grace.getByRole("button", { name: "Plan release" }).click();
  await expect(grace.getByRole("heading", { level: 1 })).toHaveText("Mail relay 2.4");
  const releasePath = new URL(grace.url()).pathname;
  await expect(grace.getByTestId("release-changes")).toContainText("Raise the relay's size limit · Assessed");
  await grace.getByRole("button", { name: "Move to built" }).click();
  await expect(grace.getByTestId("release-state")).toHaveText("Built");
  await expect(grace.getByText("A release is accepted only against acceptance criteria written down.")).toBeVisible();
  await grace.getByLabel("Acceptance criteria", { exact: true }).fill("A 40 MB message is delivered; no bounces in a day");
  await grace.getByLabel("Acceptance result", { exact: true }).fill("Test plan run on the staging relay: passed");
  await grace.getByRole("button", { name: "Save release" }).click();
  await expect(grace.getByText("Release saved.")).toBeVisible();
  await grace.getByRole("button", { name: "Move to accepted" }).click();
  await expect(grace.getByTestId("release-state")).toHaveText("Accepted");
  await expect(grace.getByRole("button", { name: "Move to deployed" })).toBeDisabled();
  await expect(grace.getByText("The change “Raise the relay's size limit” is assessed: a release is deployed only with every change it bundles approved.")).toBeVisible();
  await syncNow(grace);

  // Ben, an approver, sees it waiting on the dashboard and approves it.
  const ben = await person(browser, "Ben");
  await join(ben, baseURL!, approverCode, "Ben's phone");
  await ben.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(ben.getByTestId("overview-awaiting")).toHaveText("1 change awaiting approval");
  await ben.getByTestId("overview-awaiting").click();
  await expect(ben.getByTestId("change-count")).toHaveText("1 of 1 change");
  await ben.getByRole("link", { name: "Raise the relay's size limit" }).click();
  await ben.getByLabel("Note with your decision").fill("Fine outside office hours");
  await ben.getByRole("button", { name: "Approve change" }).click();
  await expect(ben.getByText("Approved: the change can be scheduled.")).toBeVisible();
  await expect(ben.getByTestId("change-state")).toHaveText("Approved");
  await expect(ben.getByTestId("change-decisions")).toContainText("Ben approved");
  await expect(ben.getByTestId("change-decisions")).toContainText("Fine outside office hours");
  await syncNow(ben);

  // Grace schedules it once her device has the approval.
  await syncNow(grace);
  await grace.goto(changePath);
  await expect(grace.getByTestId("change-state")).toHaveText("Approved");
  await expect(grace.getByTestId("change-tally")).toHaveText("1 of 1 approval (Ben)");
  await expect(grace.getByText("A change is scheduled only with its planned start and end.")).toBeVisible();
  const start = localAt(1, 22);
  await grace.getByLabel("Planned start").fill(start);
  await grace.getByLabel("Planned end").fill(localAt(1, 23));
  await grace.getByLabel("Back-out plan", { exact: true }).fill("Put the old limit back and restart");
  await grace.getByRole("button", { name: "Save change" }).click();
  await expect(grace.getByText("Change saved.")).toBeVisible();
  await grace.getByRole("button", { name: "Move to scheduled" }).click();
  await expect(grace.getByTestId("change-state")).toHaveText("Scheduled");

  // The forward schedule shows it on its day, and as a calendar file.
  await grace.goto(`/changes/calendar?month=${start.slice(0, 7)}`);
  await expect(grace.getByTestId("calendar-month")).toHaveText(start.slice(0, 7));
  const day = grace.locator("td:not(.outside)").filter({ has: grace.locator(".day-number", { hasText: new RegExp(`^${Number(start.slice(8, 10))}$`) }) });
  await expect(day.getByRole("link", { name: "Raise the relay's size limit" })).toBeVisible();
  const [download] = await Promise.all([
    grace.waitForEvent("download"),
    grace.getByRole("button", { name: "Download as iCalendar (.ics)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("forward-schedule-of-changes.ics");
  const ics = (await readFile((await download.path())!, "utf8")).replace(/\r\n /g, "");
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("SUMMARY:Normal change: Raise the relay's size limit");
  expect(ics).toContain("Service: E-mail");
  expect(ics).toContain("STATUS:CONFIRMED");
  await day.getByRole("link", { name: "Raise the relay's size limit" }).click();

  // Implemented, and deployed by its release now that the change is approved.
  await grace.getByRole("button", { name: "Move to implemented" }).click();
  await expect(grace.getByTestId("change-state")).toHaveText("Implemented");
  await grace.getByTestId("change-releases").getByRole("link", { name: "Mail relay 2.4" }).click();
  await expect(grace).toHaveURL(new RegExp(`${releasePath}$`));
  await grace.getByRole("button", { name: "Move to deployed" }).click();
  await expect(grace.getByTestId("release-state")).toHaveText("Deployed");
  await grace.getByLabel("Review", { exact: true }).fill("Deployed in the window; large mail flows");
  await grace.getByRole("button", { name: "Save release" }).click();
  await expect(grace.getByRole("button", { name: "Save release" })).toBeDisabled();
  await grace.getByRole("button", { name: "Move to reviewed" }).click();
  await grace.getByRole("button", { name: "Move to closed" }).click();
  await expect(grace.getByTestId("release-state")).toHaveText("Closed");
  await grace.getByTestId("release-changes").getByRole("link", { name: "Raise the relay's size limit" }).click();

  // The change reviewed and closed; the problem it removes lists it, one click apart.
  await expect(grace.getByText("A change is reviewed only once its post-implementation review is written.")).toBeVisible();
  await grace.getByLabel("Post-implementation review", { exact: true }).fill("Large mail flows; no bounces since");
  await grace.getByRole("button", { name: "Save change" }).click();
  await expect(grace.getByText("Change saved.")).toBeVisible();
  await grace.getByRole("button", { name: "Move to reviewed" }).click();
  await grace.getByRole("button", { name: "Move to closed" }).click();
  await expect(grace.getByTestId("change-state")).toHaveText("Closed");
  await grace.getByTestId("change-problem").getByRole("link").click();
  await expect(grace.getByTestId("problem-changes")).toContainText("Raise the relay's size limit · Closed");
  await grace.getByTestId("problem-incidents").getByRole("link", { name: "Large mail bounces" }).click();
  await expect(grace.getByRole("heading", { level: 1 })).toHaveText("Large mail bounces");
  await grace.goto(problemPath);
  await grace.getByTestId("problem-changes").getByRole("link", { name: "Raise the relay's size limit" }).click();
  await expect(grace.getByRole("heading", { level: 1 })).toHaveText("Raise the relay's size limit");
  await grace.locator("details.history summary").click();
  await expect(grace.locator(".history-table")).toContainText("Ben");
});

test("emergency, failed and standard changes keep their guards", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Guards Co");
  await page.goto("/changes");
  await expect(page.getByText("No changes yet.")).toBeVisible();
  const request = async (title: string, type: string) => {
    await page.goto("/changes");
    await page.locator("#new-change-title-input").fill(title);
    await page.locator("#new-change-type").selectOption(type);
    await page.getByRole("button", { name: "Request change" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await page.getByLabel("Risk level").selectOption("high");
    await page.getByLabel("Impact", { exact: true }).fill("Web shop offline");
    await page.getByLabel("Information security impact", { exact: true }).fill("Patches a known vulnerability");
    await page.getByLabel("Planned start").fill(localAt(0, 1));
    await page.getByLabel("Planned end").fill(localAt(0, 2));
    await page.getByLabel("Back-out plan", { exact: true }).fill("Restore the snapshot");
    await page.getByRole("button", { name: "Save change" }).click();
    await expect(page.getByText("Change saved.").first()).toBeVisible();
    await page.getByRole("button", { name: "Move to assessed" }).click();
    await expect(page.getByTestId("change-state")).toHaveText("Assessed");
  };
  // Without a title nothing is requested.
  await page.getByRole("button", { name: "Request change" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A change needs a title." })).toBeVisible();

  // An emergency change, approved by the owner (this device's one person), then failed.
  await request("Patch the web shop now", "emergency");
  await page.getByRole("button", { name: "Reject change" }).isEnabled();
  await page.getByRole("button", { name: "Approve change" }).click();
  await expect(page.getByTestId("change-state")).toHaveText("Approved");
  await page.getByRole("button", { name: "Move to scheduled" }).click();
  await page.getByRole("button", { name: "Move to failed" }).click();
  await expect(page.getByTestId("change-state")).toHaveText("Failed");
  await expect(page.getByRole("button", { name: "Move to backed out" })).toBeDisabled();
  await expect(page.getByText("A failed change is backed out only once how it was backed out is recorded.")).toBeVisible();
  await page.getByLabel("Back-out record", { exact: true }).fill("Snapshot restored at 01:40");
  await page.getByRole("button", { name: "Save change" }).click();
  await page.getByRole("button", { name: "Move to backed out" }).click();
  await expect(page.getByTestId("change-state")).toHaveText("Backed out");
  await expect(page.getByRole("button", { name: "Move to closed" })).toBeDisabled();
  await expect(page.getByText("An emergency change cannot close before its post-implementation review is written.")).toBeVisible();
  await page.getByLabel("Post-implementation review", { exact: true }).fill("The patch needs a newer runtime first");
  await page.getByRole("button", { name: "Save change" }).click();
  await page.getByRole("button", { name: "Move to closed" }).click();
  await expect(page.getByTestId("change-state")).toHaveText("Closed");

  // A standard change is pre-authorised: nobody decides; it is approved as a step.
  await request("Rotate the web shop's certificate", "standard");
  await expect(page.getByTestId("change-tally")).toHaveText("Pre-authorised: a standard change needs no approvals.");
  await expect(page.getByRole("button", { name: "Approve change" })).toBeDisabled();
  await page.getByRole("button", { name: "Move to approved" }).click();
  await expect(page.getByTestId("change-state")).toHaveText("Approved");

  // A normal change rejected by its approver, then closed; the list filters by state.
  await request("Move the shop to another host", "normal");
  await page.getByLabel("Note with your decision").fill("Not before the sale ends");
  await page.getByRole("button", { name: "Reject change" }).click();
  await expect(page.getByTestId("change-state")).toHaveText("Rejected");
  await page.goto("/changes?state=rejected");
  await expect(page.getByTestId("change-count")).toHaveText("1 of 3 changes");
  await page.goto("/changes?state=");
  await expect(page.getByTestId("change-count")).toHaveText("3 of 3 changes");

  // The same changes as a board by state, remembered on this device.
  await page.getByRole("button", { name: "Board" }).click();
  await expect(page.getByRole("button", { name: "Board" })).toHaveAttribute("aria-pressed", "true");
  const board = page.getByTestId("change-board");
  await expect(board.getByRole("region", { name: "Closed" })).toContainText("Patch the web shop now");
  await expect(board.getByRole("region", { name: "Approved" })).toContainText("Rotate the web shop's certificate");
  await expect(board.getByRole("region", { name: "Rejected" })).toContainText("Move the shop to another host");
  await expect(board.getByRole("region", { name: "Requested" }).locator("li")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("change-board")).toBeVisible();
  await page.getByRole("button", { name: "Table" }).click();
  await expect(page.locator("table")).toContainText("Move the shop to another host");

  // Deleted only after asking.
  await page.getByRole("link", { name: "Move the shop to another host" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete change" }).click();
  await expect(page.getByText("Change deleted.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Changes");
});

test("a change a release bundles is not deleted until it is taken out of the release", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Bundle Co");
  await page.goto("/changes");
  await page.locator("#new-change-title-input").fill("Swap the mail filter");
  await page.getByRole("button", { name: "Request change" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Swap the mail filter");
  const changePath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Plan a release with this change" }).click();
  await page.locator("#new-release-title-input").fill("Filter 3.0");
  await page.getByRole("button", { name: "Plan release" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Filter 3.0");
  const releasePath = new URL(page.url()).pathname;

  await page.goto(changePath);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete change" }).click();
  await expect(page.getByText("Nothing was deleted: releases bundle this change (Filter 3.0). Take it out of them first.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Swap the mail filter");

  await page.goto(releasePath);
  await page.getByRole("button", { name: "Remove Swap the mail filter from this release" }).click();
  await expect(page.getByText("Change removed from the release.")).toBeVisible();
  await page.goto(changePath);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete change" }).click();
  await expect(page.getByText("Change deleted.")).toBeVisible();
});
