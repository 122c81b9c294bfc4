// An incident raised from a service, prioritised from impact and urgency, taken through its life
// cycle — each step's button saying why it cannot be taken yet — and closed after its review.
import { expect, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

test("an incident from a service is assigned, waits, is resolved and closes after its review", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Service Desk Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registers" }).click();
  await page.getByRole("link", { name: "Service catalogue" }).click();
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");

  // From the service, to its tickets: the list and the form both start from this service.
  await page.getByRole("link", { name: "This service's tickets, and a form to log one" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Incidents and requests");
  await expect(page.getByText("No tickets yet.")).toBeVisible();
  await expect(page.locator("#new-ticket-service option:checked")).toHaveText("E-mail");
  await page.getByRole("button", { name: "Log ticket" }).click();
  await expect(page.getByRole("alert")).toContainText("A ticket needs a title.");
  await page.getByLabel("Title").fill("Mail is down");
  await page.getByLabel("Impact", { exact: true }).selectOption({ label: "High" });
  await page.getByLabel("Urgency", { exact: true }).selectOption({ label: "High" });
  await expect(page.getByTestId("new-ticket-priority")).toHaveText("Priority: P1");
  await page.getByRole("button", { name: "Log ticket" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail is down");
  await expect(page.getByTestId("ticket-state")).toHaveText("New");
  await expect(page.locator(".facts")).toContainText("P1");
  await expect(page.getByTestId("response-clock")).toBeVisible();

  // Nobody is assigned yet: the button says so, and typing a name is enough to go on.
  const assign = page.getByRole("button", { name: "Move to assigned" });
  await expect(assign).toBeDisabled();
  await expect(page.locator(".steps")).toContainText("needs someone assigned to it");
  await page.getByLabel("Assigned to").fill("Grace");
  await expect(assign).toBeEnabled();
  await assign.click();
  await expect(page.getByTestId("ticket-state")).toHaveText("Assigned");
  await expect(page.getByLabel("Assigned to")).toHaveValue("Grace");

  await page.getByRole("button", { name: "Move to waiting on the customer" }).click();
  await expect(page.getByTestId("ticket-state")).toHaveText("Waiting on the customer");
  await expect(page.getByTestId("resolution-clock")).toContainText("paused while waiting");
  await page.getByRole("button", { name: "Move to in progress" }).click();
  await expect(page.getByTestId("ticket-state")).toHaveText("In progress");

  // Resolving needs a resolution; a major incident needs its review before it closes.
  await expect(page.getByRole("button", { name: "Move to resolved" })).toBeDisabled();
  await page.getByLabel("Resolution").fill("Restarted the mail relay.");
  await page.getByLabel(/Major incident/).check();
  await page.getByRole("button", { name: "Save ticket" }).click();
  await expect(page.getByText("Ticket saved.")).toBeVisible();
  await page.getByRole("button", { name: "Move to resolved" }).click();
  await expect(page.getByTestId("ticket-state")).toHaveText("Resolved");
  await expect(page.getByRole("button", { name: "Move to closed" })).toBeDisabled();
  await expect(page.locator(".steps")).toContainText("post-incident review");
  await page.getByLabel("Post-incident review", { exact: true }).fill("The relay had no monitoring; an alert now watches it.");
  await page.getByRole("button", { name: "Move to closed" }).click();
  await expect(page.getByTestId("ticket-state")).toHaveText("Closed");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeEnabled();
  // A major incident shows its steps in its timeline, beside any notes.
  await expect(page.getByTestId("incident-timeline").locator("li.step")).toHaveCount(5);
  await page.locator(".history summary").click();
  await expect(page.locator(".history table")).toContainText("Step");
  await expect(page.locator(".history table")).toContainText("moved to Closed");

  // The list shows open tickets by default; the closed one is there under "Any".
  await page.reload();
  await expect(page.getByTestId("ticket-state")).toHaveText("Closed");
  await page.getByRole("link", { name: "Incidents and requests" }).click();
  await expect(page.getByTestId("ticket-count")).toHaveText("No ticket of 1 matches.");
  await page.getByLabel("State").selectOption({ label: "Any" });
  await expect(page.getByTestId("ticket-count")).toHaveText("1 of 1 ticket");
  // Who has it: a filter of the people tickets are assigned to.
  await page.getByLabel("Assigned to", { exact: true }).selectOption({ label: "Nobody" });
  await expect(page.getByTestId("ticket-count")).toHaveText("No ticket of 1 matches.");
  await page.getByLabel("Assigned to", { exact: true }).selectOption({ label: "Grace" });
  await expect(page.getByTestId("ticket-count")).toHaveText("1 of 1 ticket");
  await page.getByRole("link", { name: "Mail is down" }).click();
  await page.locator(".facts").getByRole("link", { name: "E-mail" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
});

test("the priority matrix is the workspace's own, and one where more impact gives less priority is refused", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Matrix Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workflows" }).click();
  await page.getByRole("link", { name: "Incidents and requests" }).click();
  await page.getByLabel("Impact", { exact: true }).selectOption({ label: "High" });
  await expect(page.getByTestId("new-ticket-priority")).toHaveText("Priority: P2");

  await page.getByText("How priority is set").click();
  await page.getByLabel("High impact, high urgency").selectOption("5");
  await page.getByRole("button", { name: "Save priority matrix" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "never give a lower priority" })).toBeVisible();
  await page.getByLabel("High impact, high urgency").selectOption("1");
  await page.getByLabel("High impact, medium urgency").selectOption("1");
  await page.getByRole("button", { name: "Save priority matrix" }).click();
  await expect(page.getByText("Priority matrix saved.")).toBeVisible();
  await expect(page.getByTestId("new-ticket-priority")).toHaveText("Priority: P1");

  await page.getByLabel("Title").fill("Payroll run failed");
  await page.getByRole("button", { name: "Log ticket" }).click();
  await expect(page.locator(".facts")).toContainText("P1");
  await page.reload();
  await expect(page.locator(".facts")).toContainText("P1");
});
