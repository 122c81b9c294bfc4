import { expect, type Browser, type Page } from "@playwright/test";

/** The person every journey acts as, unless it tests the first-run question itself. */
export const TEST_ACTOR = JSON.stringify({ name: "Test User", email: "test@example.org" });

/** Opens the app and waits until its data is loaded. The page already knows who is at the
 * device (set before any script of the app runs), as after the first visit. */
export async function openApp(page: Page, path = "/") {
  await page.addInitScript((actor) => {
    if (!localStorage.getItem("praxis.actor")) localStorage.setItem("praxis.actor", actor);
  }, TEST_ACTOR);
  await page.goto(path);
  await expect(page.getByText("Opening your data…")).toHaveCount(0);
  await expect(page.locator("h1")).toBeVisible();
}

/** A person at a browser of their own (a new context: its own storage), named `name`. */
export async function person(browser: Browser, name: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((actor) => {
    if (!localStorage.getItem("praxis.actor")) localStorage.setItem("praxis.actor", actor);
  }, JSON.stringify({ name, email: "" }));
  return page;
}

/**
 * Creates a workspace holding one new assessment and shares it on the server at `baseURL`;
 * returns the assessment's path.
 */
export async function shareNewWorkspace(page: Page, baseURL: string, workspace: string, assessment: string) {
  await openApp(page, "/settings");
  await createWorkspace(page, workspace);
  await newAssessment(page, assessment);
  const assessmentPath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Server address").fill(baseURL);
  await page.getByRole("button", { name: `Share “${workspace}” on this server` }).click();
  await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
  return assessmentPath;
}

/** Creates a workspace from whichever create form the page shows. */
export async function createWorkspace(page: Page, name: string) {
  await page.getByLabel("Workspace name").fill(name);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText(`Workspace “${name.trim()}” created.`)).toBeVisible();
}

/** Waits until the header's workspace switcher lists exactly these names, in order. */
export async function expectWorkspaces(page: Page, names: string[]) {
  await expect(page.locator("main h1")).toBeVisible();
  await expect(page.locator("#workspace-select option")).toHaveText(names);
}

export async function fillProfile(page: Page, organisation: string, sms: string, isms: string) {
  await page.getByLabel("Organisation", { exact: true }).fill(organisation);
  await page.getByLabel(/Scope of the service management system/).fill(sms);
  await page.getByLabel(/Scope of the information security management system/).fill(isms);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByText("Profile saved.")).toBeVisible();
}

/** Waits until background saves have landed (the header says so), e.g. before a reload. */
export async function waitSaved(page: Page) {
  await expect(page.getByText("Saved on this device")).toBeVisible();
}

/** Creates an assessment from the Assessments page and waits until it is open. */
export async function newAssessment(page: Page, title: string, standard = "Integrated: ISO/IEC 20000-1 and ISO/IEC 27001") {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await page.getByLabel("Title").fill(title);
  await page.getByRole("radio", { name: standard, exact: true }).check();
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
}

export type Change = { kind: string; record_id: string; field: string; value?: unknown; clock: string };

/** The sync connection the page keeps for its one shared workspace. */
export async function connectionOf(page: Page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("praxis.sync."))!;
    const connection = JSON.parse(localStorage.getItem(key)!);
    return { workspace: key.slice("praxis.sync.".length), token: connection.token as string, device: connection.device_id as string };
  });
}

/** A clock as the server reads it: 15 digits of ms, 8 hex digits of counter, the device. */
export function clock(wallMs: number, counter: number, device: string) {
  return `${String(wallMs).padStart(15, "0")}-${counter.toString(16).padStart(8, "0")}-${device}`;
}

/** Goes to `path` inside the app, as a link would (the page is not reloaded), so a save still
 * running — a link ticked a moment ago — finishes instead of being cut off by a page load. */
export async function goInApp(page: Page, path: string) {
  await page.evaluate((to) => {
    const link = document.createElement("a");
    link.href = to;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }, path);
  await expect(page).toHaveURL(path);
}

/** Runs a sync round from Settings and waits until it has finished cleanly. */
export async function syncNow(page: Page) {
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
}

/** `name`, at a browser of their own, joins the shared workspace on `baseURL` with an invite
 * code, and waits for the first sync to finish. */
export async function joinWithCode(browser: Browser, baseURL: string, name: string, code: string) {
  const page = await person(browser, name);
  await openApp(page, "/settings");
  await page.getByLabel("Server address").fill(baseURL);
  await page.getByLabel("This device's name").fill(`${name}'s device`);
  await page.getByLabel("Invite code").fill(code);
  await page.getByRole("button", { name: "Join with this code" }).click();
  await expect(page.getByTestId("sync-pill")).toHaveText("Synced");
  return page;
}
