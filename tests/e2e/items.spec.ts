// Configuration items and information assets: an item is put in use only with an owner (and
// information only with a classification), linked to the service it supports from either page,
// related to the items that depend on it and to the release that changes it, found by the
// list's filters, and deleted with its links after asking.
import { expect, test } from "@playwright/test";
import { createWorkspace, goInApp, openApp, waitSaved } from "./helpers";

test("an information asset gets its owner and classification, supports a service and is deleted with its links", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Asset Co");
  await page.goto("/services");
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  const servicePath = new URL(page.url()).pathname;
  await expect(page.getByText("No items yet: add them under Registers")).toBeVisible();

  await page.goto("/registers");
  await page.getByRole("link", { name: "Configuration items and information assets" }).click();
  await expect(page.getByText("No items yet.")).toBeVisible();
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "An item needs a name." })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Customer records");
  await page.locator("#new-item-type").selectOption("information");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customer records");

  // In use only with an owner, and information only once classified.
  await page.getByLabel("Status", { exact: true }).selectOption("active");
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "An item in use needs an owner who answers for it." })).toBeVisible();
  await page.getByLabel("Owner").fill("Ana");
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Information in use needs a classification." })).toBeVisible();
  await page.getByLabel("Classification").selectOption("confidential");
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByText("Item saved.")).toBeVisible();
  const itemPath = new URL(page.url()).pathname;

  // Linked to the service from the item; the service's page shows it, one click away.
  await page.getByRole("checkbox", { name: "E-mail" }).check();
  await waitSaved(page);
  await goInApp(page, servicePath);
  await expect(page.getByRole("checkbox", { name: "Customer records" })).toBeChecked();

  // A second item depends on the first, which lists it as a user.
  await page.goto("/items");
  await page.getByLabel("Name", { exact: true }).fill("Mail relay");
  await page.locator("#new-item-type").selectOption("hardware");
  await page.getByRole("button", { name: "Add item" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail relay");
  await page.getByRole("checkbox", { name: "Customer records" }).check();
  await waitSaved(page);
  await goInApp(page, itemPath);
  await expect(page.getByTestId("item-used-by")).toHaveText("Mail relay");

  // The list filters by classification and by the service supported.
  await page.goto("/items?classification=confidential");
  await expect(page.getByTestId("item-count")).toHaveText("1 of 2 items");
  await page.goto(`/items?service=${servicePath.split("/").pop()}`);
  await expect(page.getByTestId("item-count")).toHaveText("1 of 2 items");
  await expect(page.locator("table")).toContainText("Customer records");

  // A release names the item it changes; the item lists the release, one click away.
  await page.goto("/releases");
  await page.locator("#new-release-title-input").fill("Records archive 1.1");
  await page.getByRole("button", { name: "Plan release" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Records archive 1.1");
  const releasePath = new URL(page.url()).pathname;
  await page.getByRole("checkbox", { name: "Customer records" }).check();
  await waitSaved(page);
  await goInApp(page, itemPath);
  await page.getByTestId("item-releases").getByRole("link", { name: "Records archive 1.1" }).click();
  await expect(page).toHaveURL(releasePath);
  await expect(page.getByRole("checkbox", { name: "Customer records" })).toBeChecked();

  // Deleted after asking; the service and the other item lose their links to it.
  await page.goto(itemPath);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete item" }).click();
  await expect(page.getByText("Item deleted.")).toBeVisible();
  await expect(page.getByTestId("item-count")).toHaveText("1 of 1 item");
  await page.goto(servicePath);
  await expect(page.getByRole("checkbox", { name: "Mail relay" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Customer records" })).toHaveCount(0);
  await page.goto(releasePath);
  await expect(page.getByRole("checkbox", { name: "Mail relay" })).not.toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Customer records" })).toHaveCount(0);
});
