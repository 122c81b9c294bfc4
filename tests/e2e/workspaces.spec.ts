import { expect, test } from "@playwright/test";
import { createWorkspace, fillProfile, openApp, expectWorkspaces } from "./helpers";

test("a new browser shows the welcome page and the honest empty sections", async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Praxis");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("main")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(page.getByText("Create a workspace first")).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registers" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Registers");
  await expect(page.getByRole("link", { name: "Statement of Applicability" })).toBeVisible();
  await expect(page.getByText("Not built yet.")).toHaveCount(0);
  for (const [link, heading] of [
    ["Workflows", "Workflows"],
    ["Audits & certification", "Audits & certification"],
  ]) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page.getByText("Not built yet.")).toBeVisible();
  }
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test("create a workspace, reload, it persists with its profile", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Acme Ltd");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Ltd");
  await fillProfile(page, "Acme Limited", "Managed hosting for EU customers", "All hosting systems");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Ltd");
  await expect(page.getByLabel("Organisation", { exact: true })).toHaveValue("Acme Limited");
  await expect(page.getByLabel(/Scope of the service management system/)).toHaveValue(
    "Managed hosting for EU customers",
  );
  // The dashboard's recent changes say what changed in words.
  await expect(page.getByRole("table")).toContainText("Workspace profile");
  await expect(page.getByRole("table")).toContainText("Organisation“Acme Limited”");
});

test("invalid workspace names get a clear message and save nothing", async ({ page }) => {
  await openApp(page);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("A workspace name cannot be empty.")).toBeVisible();
  await page.getByLabel("Workspace name").fill("x".repeat(81));
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText(/at most 80 characters \(this one has 81\)/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Praxis");
});

test("hostile text is shown as text, never run", async ({ page }) => {
  const hostile = `<img src=x onerror="window.__pwned=1">`;
  await openApp(page);
  await createWorkspace(page, hostile);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(hostile);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("rename, switch and delete workspaces with typed confirmation", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "First");
  await page.goto("/settings");
  await createWorkspace(page, "Second");
  await expectWorkspaces(page, ["First", "Second"]);

  await page.getByRole("button", { name: "Rename First" }).click();
  await page.getByLabel("New name").fill("Alpha");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Renamed to “Alpha”.")).toBeVisible();
  await expectWorkspaces(page, ["Alpha", "Second"]);

  await page.locator("#workspace-select").selectOption({ label: "Alpha" });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alpha");

  await page.goto("/settings");
  await page.getByRole("button", { name: "Delete Second" }).click();
  const confirm = page.getByRole("button", { name: "Delete workspace" });
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Type “Second” to confirm").fill("Secon");
  await expect(confirm).toBeDisabled();
  await page.getByLabel("Type “Second” to confirm").fill("Second");
  await confirm.click();
  await expect(page.getByText("Workspace “Second” deleted.")).toBeVisible();
  await page.reload();
  await expectWorkspaces(page, ["Alpha"]);
});
