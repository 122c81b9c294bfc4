import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, openApp, waitSaved } from "./helpers";

const custom = {
  format: "praxis-framework",
  version: 1,
  id: "iso9001:2015-outline",
  name: "ISO 9001:2015 outline",
  title: "Quality management systems — our outline",
  items: [
    { id: "4", title: "Context of the organization", kind: "clause", assessable: false },
    { id: "4.1", title: "Understanding the organization and its context", parent: "4", kind: "clause", assessable: true, text: "Licensed text we own." },
  ],
};

async function importFramework(page: Page, doc: unknown) {
  await page.getByLabel("Import a framework (JSON)").setInputFiles({
    name: "framework.json",
    mimeType: "application/json",
    buffer: Buffer.from(typeof doc === "string" ? doc : JSON.stringify(doc), "utf8"),
  });
}

test("export a built-in framework, import one of our own, and refuse bad files", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Library Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export ISO/IEC 20000-1:2018" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("praxis-framework-iso20000-1-2018.json");
  const exported = JSON.parse(await readFile(await download.path(), "utf8"));
  expect(exported.items).toHaveLength(77);
  expect(exported.items.every((i: { text?: string }) => i.text === undefined)).toBe(true);

  await importFramework(page, custom);
  await expect(page.getByText("Imported the framework “ISO 9001:2015 outline”.")).toBeVisible();
  await expect(page.getByRole("row", { name: /ISO 9001:2015 outline/ })).toContainText("2 items, 1 to assess");

  const duplicate = { ...custom, id: "dup", items: [custom.items[0], custom.items[0]] };
  await importFramework(page, duplicate);
  await expect(page.locator("#framework-error")).toContainText("appears more than once");
  await importFramework(page, { ...custom, id: "iso27001:2022", items: [{ ...custom.items[1], id: "99.1", parent: undefined }] });
  await expect(page.locator("#framework-error")).toContainText("has no item");
  await importFramework(page, "{\"format\": \"praxis-framework\", ");
  await expect(page.locator("#framework-error")).toContainText("not valid JSON");
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(3);
});

test("licensed requirement text imported for a built-in standard shows beside its item", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Licensed Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export ISO/IEC 20000-1:2018" }).click(),
  ]);
  const framework = JSON.parse(await readFile(await download.path(), "utf8"));
  const item = framework.items.find((i: { id: string }) => i.id === "4.1");
  item.text = "Our licensed wording for clause 4.1.";
  await importFramework(page, framework);
  await expect(page.getByText("your licensed text for 1 items")).toBeVisible();

  await page.getByLabel("Title").fill("With text");
  await page.getByRole("radio", { name: "ISO/IEC 20000-1:2018", exact: true }).check();
  await page.getByRole("button", { name: "Create assessment" }).click();
  await page.locator("details.clause-group").first().locator("summary").click();
  await page.locator("li.item-row").first().getByRole("button", { name: "Details" }).click();
  await expect(page.locator("figure.licensed-text blockquote")).toHaveText("Our licensed wording for clause 4.1.");
});

test("an imported framework can be assessed like the built-in standards", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Quality Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await importFramework(page, custom);
  await expect(page.getByText("Imported the framework “ISO 9001:2015 outline”.")).toBeVisible();
  await page.getByLabel("Title").fill("Quality readiness");
  await page.getByRole("radio", { name: "ISO 9001:2015 outline (imported)" }).check();
  await page.getByRole("button", { name: "Create assessment" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quality readiness");
  await expect(page.getByTestId("progress")).toHaveText("0 / 1");
  await page.locator("details.clause-group").first().locator("summary").click();
  await page.locator("li.item-row").first().locator("input[value='4']").check();
  await expect(page.getByTestId("progress")).toHaveText("1 / 1");
  await waitSaved(page);
  await page.reload();
  await expect(page.getByTestId("progress")).toHaveText("1 / 1");
  await expect(page.locator(".lead")).toContainText("ISO 9001:2015 outline");
  await page.locator("details.clause-group").first().locator("summary").click();
  await page.locator("li.item-row").first().getByRole("button", { name: "Details" }).click();
  await expect(page.locator("figure.licensed-text blockquote")).toHaveText("Licensed text we own.");
});

test("importing over a framework asks first, and look-alike ids stay apart", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Replace Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await importFramework(page, custom);
  await expect(page.getByText("Imported the framework “ISO 9001:2015 outline”.")).toBeVisible();

  // Same id, different content: the person is asked, and "no" keeps what is there.
  const changed = { ...custom, name: "ISO 9001:2015 outline, revised" };
  page.once("dialog", (dialog) => dialog.dismiss());
  await importFramework(page, changed);
  await expect(page.locator("#framework-error")).toContainText("Nothing was imported: “ISO 9001:2015 outline” was kept.");
  await expect(page.getByRole("row", { name: /ISO 9001:2015 outline, revised/ })).toHaveCount(0);

  page.once("dialog", (dialog) => dialog.accept());
  await importFramework(page, changed);
  await expect(page.getByText("Imported the framework “ISO 9001:2015 outline, revised”.")).toBeVisible();
  await expect(page.getByRole("row", { name: /ISO 9001:2015 outline, revised/ })).toHaveCount(1);

  // Ids that differ only in '.', ':' or '-' are different frameworks: no question, both kept.
  const lookalike = { ...custom, id: "iso9001-2015-outline", name: "Look-alike outline" };
  await importFramework(page, lookalike);
  await expect(page.getByText("Imported the framework “Look-alike outline”.")).toBeVisible();
  await expect(page.getByRole("row", { name: /ISO 9001:2015 outline, revised/ })).toHaveCount(1);
  await expect(page.getByRole("row", { name: /Look-alike outline/ })).toHaveCount(1);
});
