// Suppliers, contracts and continuity: a critical supplier made active only with an owner, its
// security requirements and an exit plan; linked to the service it supports; its contract,
// renewal notice and data processing; the contract underpinning the service's SLA, so supplier
// ↔ contract ↔ SLA ↔ service are one click apart both ways; a performance review planned and
// recorded; what falls due on the dashboard. Then the service's continuity plan: objectives,
// guards, tests judged against the objectives, follow-up actions, and the list's filters.
import { expect, test } from "@playwright/test";
import { createWorkspace, openApp, waitSaved } from "./helpers";

test("a supplier, its contract and the SLA it underpins are linked both ways, reviewed, and due on the dashboard", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-12-09T10:00:00Z") });
  await openApp(page);
  await createWorkspace(page, "Supply Co");
  await page.goto("/services");
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  const servicePath = new URL(page.url()).pathname;
  await expect(page.getByText("No suppliers yet: add them under Registers → Suppliers.")).toBeVisible();
  await page.getByRole("link", { name: "Add an agreement for this service" }).click();
  await page.getByLabel("Title").fill("Mail SLA");
  await page.getByRole("button", { name: "Add agreement" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail SLA");
  const agreementPath = new URL(page.url()).pathname;
  await expect(page.getByText("No supplier contract is linked to this agreement.")).toBeVisible();
  await page.getByLabel("Next review").fill("2026-12-20");
  await page.getByRole("button", { name: "Save agreement" }).click();
  await expect(page.getByText("Agreement saved.")).toBeVisible();

  // A critical supplier is active only with an owner, security requirements and an exit plan.
  await page.goto("/registers");
  await page.getByRole("link", { name: "Suppliers", exact: true }).click();
  await expect(page.getByText("No suppliers yet.")).toBeVisible();
  await page.getByRole("button", { name: "Add supplier" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A supplier needs a name." })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Hostly");
  await page.getByRole("button", { name: "Add supplier" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hostly");
  const supplierPath = new URL(page.url()).pathname;
  await page.getByLabel("Criticality").selectOption("critical");
  await page.locator("#supplier-status").selectOption("active");
  const saveSupplier = page.getByRole("button", { name: "Save supplier" });
  await saveSupplier.click();
  await expect(page.getByRole("alert").filter({ hasText: "An active supplier needs an owner" })).toBeVisible();
  await page.getByLabel("Owner (manages the relationship)").fill("Ana");
  await saveSupplier.click();
  await expect(page.getByRole("alert").filter({ hasText: "needs its security requirements agreed" })).toBeVisible();
  await page.getByLabel("Security requirements agreed").fill("MFA on the console; breach notice within 24 hours");
  await saveSupplier.click();
  await expect(page.getByRole("alert").filter({ hasText: "needs an exit plan" })).toBeVisible();
  await page.getByLabel("Exit plan").fill("Export the mailboxes; move MX records");
  await page.getByLabel("Certification held").fill("ISO/IEC 27001:2022");
  await page.getByLabel("Certificate expires").fill("2026-12-31");
  await saveSupplier.click();
  await expect(page.getByText("Supplier saved.")).toBeVisible();
  await expect(page.getByTestId("supplier-standing")).toHaveText("Active · Critical criticality");

  // Linked to the service from the supplier; the service page shows it ticked.
  await page.getByRole("checkbox", { name: "E-mail" }).check();
  await waitSaved(page);

  // A contract from the supplier's page, with dates, notice and data processing.
  await page.locator("#new-contract-name").fill("Hosting 2026");
  await page.getByRole("button", { name: "Add contract" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hosting 2026");
  const contractPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("contract-standing")).toHaveText("Draft");
  await page.getByLabel("Starts").fill("2026-01-01");
  await page.getByLabel("Ends").fill("2026-12-31");
  await page.getByLabel("Notice period (days)").fill("30");
  await page.getByLabel("Data processing agreement").selectOption("needed");
  await page.getByRole("button", { name: "Save contract" }).click();
  await expect(page.getByText("Contract saved.")).toBeVisible();
  await expect(page.getByTestId("contract-standing")).toHaveText("Decide on renewal");
  await expect(page.getByTestId("contract-notice")).toHaveText("2026-12-01");
  await page.getByLabel("Ends").fill("2025-12-31");
  await page.getByRole("button", { name: "Save contract" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A contract cannot end before it starts." })).toBeVisible();
  await page.getByLabel("Ends").fill("2026-12-31");

  // It underpins the SLA: the agreement page names it, and each link leads on.
  await page.getByRole("checkbox", { name: "Mail SLA (E-mail)" }).check();
  await waitSaved(page);
  await expect(page.getByTestId("contract-agreements")).toHaveText("Mail SLA for E-mail");
  await page.getByTestId("contract-agreements").getByRole("link", { name: "E-mail" }).click();
  await expect(page).toHaveURL(servicePath);
  await expect(page.getByRole("checkbox", { name: "Hostly" })).toBeChecked();
  await page.goto(agreementPath);
  await page.getByTestId("agreement-contracts").getByRole("link", { name: "Hosting 2026" }).click();
  await expect(page).toHaveURL(contractPath);
  await page.getByTestId("contract-supplier").getByRole("link", { name: "Hostly" }).click();
  await expect(page).toHaveURL(supplierPath);
  await expect(page.getByTestId("supplier-contracts")).toContainText("Hosting 2026");

  // A review planned, then recorded: one not fully met says what follows.
  await page.getByLabel("Plan a review on").fill("2026-12-01");
  await page.getByRole("button", { name: "Plan review" }).click();
  await expect(page.getByText("Review planned.")).toBeVisible();
  await expect(page.getByTestId("supplier-next-review")).toHaveText("2026-12-01 (8 days overdue)");
  const review = page.getByRole("form", { name: "Record the review due 2026-12-01" });
  await review.getByLabel("Rating").selectOption("partly");
  await review.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Say what follows from a review that is not fully met." })).toBeVisible();
  await review.getByLabel("Findings and what follows").fill("Two outages over target; credits claimed");
  await review.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByText("Review recorded.")).toBeVisible();
  await expect(page.getByTestId("supplier-reviews")).toContainText("Partly meets expectations");
  // The next one is planned a year on (the supplier's interval), from the day it was done.
  await expect(page.getByTestId("supplier-next-review")).toHaveText("2027-12-09");

  // The list filters by what falls due; the dashboard lists each date with its record.
  await page.goto("/suppliers?due=soon");
  await expect(page.getByTestId("supplier-count")).toHaveText("1 of 1 supplier");
  await page.goto("/agreements?due=soon");
  await expect(page.getByTestId("agreement-count")).toHaveText("1 of 1 agreement");
  await page.goto("/agreements?due=overdue");
  await expect(page.getByTestId("agreement-count")).toHaveText("No agreement of 1 matches.");
  await page.goto("/contracts?dpa=needed");
  await expect(page.getByTestId("contract-count")).toHaveText("1 of 1 contract");
  await expect(page.locator("table")).toContainText("Decide on renewal");
  await page.goto("/");
  const due = page.getByTestId("overview-reviews");
  await expect(due).toContainText("Contract renewal notice: Hosting 2026 — 2026-12-01 (8 days overdue)");
  await expect(due).toContainText("Certificate expiry: Hostly — 2026-12-31 (in 22 days)");
  await expect(due).toContainText("Agreement review: Mail SLA — 2026-12-20 (in 11 days)");
  await due.getByRole("link", { name: "Hosting 2026" }).click();
  await expect(page).toHaveURL(contractPath);

  // A supplier with contracts is not deleted; its contract first, then the supplier.
  await page.goto(supplierPath);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete supplier" }).click();
  await expect(page.getByText("contracts name this supplier (Hosting 2026)")).toBeVisible();
  await page.goto(contractPath);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete contract" }).click();
  await expect(page.getByText("Contract deleted.")).toBeVisible();
  await page.goto(supplierPath);
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete supplier" }).click();
  await expect(page.getByText("Supplier deleted.")).toBeVisible();
  await page.goto(servicePath);
  await expect(page.getByRole("checkbox", { name: "Hostly" })).toHaveCount(0);
});

test("a service's continuity plan is put in force with its objectives and its tests are judged by them", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-12-09T10:00:00Z") });
  await openApp(page);
  await createWorkspace(page, "Continuity Co");
  await page.goto("/services");
  await page.getByLabel("Name", { exact: true }).fill("Payroll");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payroll");
  const servicePath = new URL(page.url()).pathname;
  await expect(page.getByText("No continuity plan for this service yet.")).toBeVisible();
  await page.getByRole("link", { name: "Add a continuity plan for this service" }).click();
  await expect(page.locator("#new-plan-service option:checked")).toHaveText("Payroll");
  await page.getByRole("button", { name: "Add plan" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A plan needs a title." })).toBeVisible();
  await page.getByLabel("Title").fill("Payroll recovery");
  await page.getByRole("button", { name: "Add plan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Payroll recovery");
  const planPath = new URL(page.url()).pathname;

  // In force only with an owner, both objectives and its recovery steps; times are checked.
  await page.locator("#plan-status").selectOption("in-force");
  const savePlan = page.getByRole("button", { name: "Save plan" });
  await page.getByLabel("Owner").fill("Ben");
  await page.getByLabel("Recovery time objective").fill("soon");
  await savePlan.click();
  await expect(page.getByRole("alert").filter({ hasText: "the recovery time objective must be a time such as 30 min" })).toBeVisible();
  await page.getByLabel("Recovery time objective").fill("4 h");
  await savePlan.click();
  await expect(page.getByRole("alert").filter({ hasText: "A plan in force needs a recovery point objective." })).toBeVisible();
  await page.getByLabel("Recovery point objective").fill("1h");
  await savePlan.click();
  await expect(page.getByRole("alert").filter({ hasText: "A plan in force needs its recovery steps written." })).toBeVisible();
  await page.getByLabel("Recovery steps").fill("Restore the payroll database to the standby host from the hourly snapshot.");
  await page.getByLabel("Availability needed (%)").fill("99.5");
  await page.getByLabel("Next test due").fill("2026-12-20");
  await savePlan.click();
  await expect(page.getByText("Plan saved.")).toBeVisible();
  await expect(page.getByTestId("plan-objectives")).toHaveText("RTO 4 h · RPO 1 h · availability 99.5%");
  await expect(page.getByLabel("Recovery point objective")).toHaveValue("1 h");

  // A test that missed the RTO did not pass; one that partly passed needs its actions.
  await page.getByLabel("Method").selectOption("failover");
  await page.getByLabel("Recovered in").fill("5 h");
  await page.getByRole("button", { name: "Record test" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A test that missed the recovery time or point objective did not pass." })).toBeVisible();
  await page.getByLabel("Result").selectOption("partly");
  await page.getByRole("button", { name: "Record test" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A test that did not pass needs its follow-up actions." })).toBeVisible();
  await page.getByLabel("Follow-up actions").fill("Keep a warm standby image");
  await page.getByRole("button", { name: "Record test" }).click();
  await expect(page.getByText("Test recorded.")).toBeVisible();
  await expect(page.getByTestId("plan-last-test")).toHaveText("Live failover or restore on 2026-12-09: Partly passed (objectives missed)");
  await expect(page.getByTestId("plan-tests")).toContainText("5 h");

  // The list: filtered by the last test's result and by a test falling due.
  await page.goto("/continuity?result=partly");
  await expect(page.getByTestId("continuity-count")).toHaveText("1 of 1 plan");
  await expect(page.locator("table")).toContainText("1");
  await page.goto("/continuity?due=overdue");
  await expect(page.getByTestId("continuity-count")).toHaveText("No plan of 1 matches.");
  await page.goto("/continuity?due=soon");
  await expect(page.getByTestId("continuity-count")).toHaveText("1 of 1 plan");

  // The actions ticked off; the service page lists the plan, one click away.
  await page.goto(planPath);
  await page.getByTestId("plan-tests").getByRole("checkbox", { name: "Done" }).check();
  await expect(page.getByText("Actions updated.")).toBeVisible();
  await page.goto(servicePath);
  await page.getByTestId("service-plans").getByRole("link", { name: "Payroll recovery" }).click();
  await expect(page).toHaveURL(planPath);
  await page.getByTestId("plan-service").getByRole("link", { name: "Payroll" }).click();
  await expect(page).toHaveURL(servicePath);
});
