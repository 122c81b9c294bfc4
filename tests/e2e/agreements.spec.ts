// A service level agreement for a service: its hours and targets (bad ones refused with the
// reason), a ticket measured against it on its own page and in the list, breached as the clock
// runs on, and the month's report with its breach and measured availability.
import { expect, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

test("an SLA sets a ticket's targets, its breach shows on the ticket, in the list and in the month's report", async ({ page }) => {
  // A fixed Wednesday morning, so the month and the clocks are the same on every run.
  await page.clock.install({ time: new Date("2026-12-09T10:00:00Z") });
  await openApp(page);
  await createWorkspace(page, "Agreement Co");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Registers" }).click();
  await page.getByRole("link", { name: "Service catalogue" }).click();
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  await expect(page.getByText("No agreement covers this service yet")).toBeVisible();

  // From the service to a new agreement for it.
  await page.getByRole("link", { name: "Add an agreement for this service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Service level agreements");
  await expect(page.getByText("No agreements yet.")).toBeVisible();
  await expect(page.locator("#new-agreement-service option:checked")).toHaveText("E-mail");
  await page.getByRole("button", { name: "Add agreement" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "An agreement needs a title." })).toBeVisible();
  await page.getByLabel("Title").fill("E-mail for staff");
  await page.getByRole("button", { name: "Add agreement" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail for staff");
  await expect(page.getByTestId("agreement-hours")).toHaveText("Around the clock");

  // Service hours: a pattern, then a day with no time at all is refused by name.
  await page.getByRole("button", { name: "Weekdays 08:00–18:00" }).click();
  await page.getByRole("button", { name: "Save service hours" }).click();
  await expect(page.getByTestId("agreement-hours")).toHaveText("Monday–Friday 08:00–18:00 (UTC)");
  for (let day = 0; day < 5; day++) await page.locator(`#hours-open-${day}`).uncheck();
  await page.getByRole("button", { name: "Save service hours" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "needs supported time on at least one day" })).toBeVisible();
  await expect(page.getByTestId("agreement-hours")).toHaveText("Monday–Friday 08:00–18:00 (UTC)");
  await page.getByRole("button", { name: "Around the clock" }).click();
  await page.getByRole("button", { name: "Save service hours" }).click();
  await expect(page.getByTestId("agreement-hours")).toHaveText("Around the clock");

  // Targets: what cannot be read, and what cannot hold, are refused with the reason.
  await page.getByLabel("P1 response target").fill("soon");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "P1 response: must be a time such as 30 min" })).toBeVisible();
  await page.getByLabel("P1 response target").fill("15 min");
  await page.getByLabel("P1 resolution target").fill("10 min");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "P1: resolving cannot take less time than responding." })).toBeVisible();
  await page.getByLabel("P1 resolution target").fill("4h");
  await page.getByRole("button", { name: "Save targets" }).click();
  await expect(page.getByText("Targets saved.")).toBeVisible();
  await page.getByLabel("Availability target (%)").fill("99.9");
  await page.getByRole("button", { name: "Save agreement" }).click();
  await expect(page.getByText("Agreement saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("P1 resolution target")).toHaveValue("4 h");
  await expect(page.getByLabel("P1 response target")).toHaveValue("15 min");
  await expect(page.getByLabel("Availability target (%)")).toHaveValue("99.9");

  // The service lists its agreement; a P1 incident logged against it runs on its targets.
  await page.locator(".facts").getByRole("link", { name: "E-mail" }).click();
  await page.locator("#service-agreements-title + ul").getByRole("link", { name: "E-mail for staff" }).waitFor();
  await page.getByRole("link", { name: "This service's tickets, and a form to log one" }).click();
  await page.getByLabel("Title").fill("Mail is down");
  await page.getByLabel("Impact", { exact: true }).selectOption({ label: "High" });
  await page.getByLabel("Urgency", { exact: true }).selectOption({ label: "High" });
  await page.getByRole("button", { name: "Log ticket" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail is down");
  await expect(page.getByTestId("ticket-agreement")).toContainText("E-mail for staff");
  await expect(page.getByTestId("response-clock")).toContainText("On track");
  await expect(page.getByTestId("response-clock")).toContainText("(target 15 min) · due 2026-12-09 10:15");
  await expect(page.getByTestId("resolution-clock")).toContainText("(target 4 h)");

  // Twelve minutes on, the response is about to breach; twenty minutes on, it has.
  await page.clock.fastForward("12:00");
  await expect(page.getByTestId("response-clock")).toContainText("About to breach");
  await page.clock.fastForward("08:00");
  await expect(page.getByTestId("response-clock")).toContainText("Breached by 5 min (target 15 min)");
  await expect(page.getByTestId("resolution-clock")).toContainText("On track");

  // The list shows it under its SLA status, by a link that carries the filter too.
  await page.getByRole("link", { name: "Incidents and requests" }).click();
  await expect(page.locator("table .badge.sla-breached")).toHaveText("Breached");
  await expect(page.locator("table").getByText("Response: Breached by 5 min")).toBeVisible();
  await page.getByLabel("SLA", { exact: true }).selectOption({ label: "On track" });
  await expect(page.getByTestId("ticket-count")).toHaveText("No ticket of 1 matches.");
  await page.goto("/tickets?sla=breached");
  await expect(page.getByTestId("ticket-count")).toHaveText("1 of 1 ticket");

  // The dashboard counts it, and its link leads to the same list.
  await page.goto("/");
  await expect(page.getByTestId("overview-open")).toHaveText("1 open ticket");
  await expect(page.getByTestId("overview-breached")).toHaveText("1 ticket has breached its SLA");
  await expect(page.getByTestId("overview-at-risk")).toHaveText("0 tickets are about to breach");
  await expect(page.getByText("Nothing falls due in the next 30 days.")).toBeVisible();
  await page.getByTestId("overview-breached").click();
  await expect(page.getByTestId("ticket-count")).toHaveText("1 of 1 ticket");

  // The month's report: the ticket, its breach, and availability measured against the target.
  await page.goto("/agreements");
  await page.getByRole("link", { name: "E-mail for staff" }).click();
  await expect(page.locator("#report-month option:checked")).toHaveText("2026-12");
  const facts = page.getByTestId("report-facts");
  await expect(facts).toContainText("Tickets logged1");
  await expect(facts).toContainText("Responses in time0 of 1 (0 %)");
  await expect(page.getByTestId("breaches")).toContainText("Response (P1) breached by 5 min, still open");
  await page.getByLabel("Availability measured in 2026-12").fill("high");
  await page.getByRole("button", { name: "Save measured availability" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "measured availability is a percentage such as 99.95" })).toBeVisible();
  await page.getByLabel("Availability measured in 2026-12").fill("99.5");
  await page.getByRole("button", { name: "Save measured availability" }).click();
  await expect(page.getByText("Availability for 2026-12 saved.")).toBeVisible();
  await expect(facts).toContainText("99.5 % measured, target 99.9 %");
  await expect(facts).toContainText("Target missed");
  await page.locator("#report-month").selectOption("2026-11");
  await expect(facts).toContainText("Tickets logged0");
  await expect(page.getByText("No target was breached this month.")).toBeVisible();
  await page.locator("#report-month").selectOption("2026-12");
  await page.getByTestId("breaches").getByRole("link", { name: "Mail is down" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail is down");
});
