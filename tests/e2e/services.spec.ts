// The service catalogue: add services, describe them, link what depends on what (one click
// apart both ways), find them, and delete one without leaving a link behind.
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

async function openCatalogue(page: Page) {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registers" }).click();
  await page.getByRole("link", { name: "Service catalogue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Service catalogue");
}

async function addService(page: Page, name: string, status = "Live") {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Status", { exact: true }).last().selectOption({ label: status });
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
}

test("a service catalogue with details, dependencies both ways, search and a careful delete", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Catalogue Co");
  await openCatalogue(page);
  await expect(page.getByText("No services yet.")).toBeVisible();

  // A service needs a name; the form says so and adds nothing.
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("alert")).toContainText("A service needs a name.");

  await addService(page, "E-mail");
  await page.getByLabel("Owner").fill("Grace Hopper");
  await page.getByLabel("Customers").fill("Sales\nFinance\n");
  await page.getByLabel("Description", { exact: true }).fill("Mailboxes, calendars and shared contacts for staff.");
  await page.getByRole("button", { name: "Save service" }).click();
  await expect(page.getByText("Service saved.")).toBeVisible();
  await page.locator(".history summary").click();
  await expect(page.locator(".history table")).toContainText("Owner");
  await expect(page.locator(".history table")).toContainText("Grace Hopper");

  await page.getByRole("link", { name: "Service catalogue" }).click();
  await addService(page, "Network", "In the pipeline");
  await expect(page.getByText("No service depends on this one.")).toBeVisible();

  // E-mail depends on Network; Network then lists E-mail as a user, one click away.
  await page.getByRole("link", { name: "Service catalogue" }).click();
  await page.getByRole("link", { name: "E-mail" }).click();
  await page.getByRole("checkbox", { name: "Network" }).check();
  await page.getByRole("link", { name: "Service catalogue" }).click();
  const table = page.locator("table");
  await expect(table.getByRole("row", { name: /E-mail/ })).toContainText("Network");
  await table.getByRole("link", { name: "Network" }).click();
  await page.getByRole("link", { name: "E-mail" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  await expect(page.getByRole("checkbox", { name: "Network" })).toBeChecked();
  await expect(page.getByLabel("Customers")).toHaveValue("Sales\nFinance");

  // Search by a customer, filter by status.
  await page.getByRole("link", { name: "Service catalogue" }).click();
  await page.getByLabel("Search").fill("finance");
  await expect(page.getByTestId("service-count")).toHaveText("1 of 2 services");
  await expect(table.getByRole("link", { name: "E-mail" })).toBeVisible();
  await page.getByLabel("Search").fill("");
  await page.getByLabel("Status", { exact: true }).first().selectOption({ label: "In the pipeline" });
  await expect(table.getByRole("link")).toHaveText(["Network"]);
  await page.getByLabel("Status", { exact: true }).first().selectOption({ label: "Any" });

  // Deleting Network asks first; once gone, E-mail no longer depends on it.
  await table.getByRole("link", { name: "Network" }).click();
  const networkPath = new URL(page.url()).pathname;
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("button", { name: "Delete service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Network");
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete service" }).click();
  await expect(page.getByText("Service deleted.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Service catalogue");
  await expect(page.getByTestId("service-count")).toHaveText("1 of 1 service");
  // A link to the deleted service says what happened and leads back.
  await page.goto(networkPath);
  await expect(page.getByRole("alert")).toHaveText("This service does not exist (it may have been deleted).");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Service");
  await page.getByRole("link", { name: "Service catalogue" }).click();
  await page.getByRole("link", { name: "E-mail" }).click();
  await expect(page.getByText("No other services yet")).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  await expect(page.getByLabel("Owner")).toHaveValue("Grace Hopper");
});
