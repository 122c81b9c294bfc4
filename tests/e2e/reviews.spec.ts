// Recurring reviews and the page of what falls due: a risk reviewed today falls due a year on,
// a security incident on its service calls the review early (until it is reviewed again), an
// objective's review overdue, and the due page listing both, narrowed to one kind.
import { expect, test } from "@playwright/test";
import { createWorkspace, goInApp, openApp } from "./helpers";

test.use({ timezoneId: "UTC" });

test("reviews recur, a security incident calls a risk's review early, and one page lists what falls due", async ({ page }) => {
  await page.clock.install({ time: new Date("2026-12-09T10:00:00Z") });
  await openApp(page);
  await createWorkspace(page, "Review Co");
  await goInApp(page, "/services");
  await page.getByLabel("Name", { exact: true }).fill("Customer portal");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Customer portal");

  // A risk to the portal, reviewed today: due again in a year.
  await goInApp(page, "/risks");
  await page.getByLabel("Scenario (what could happen)").fill("Portal accounts taken over");
  await page.locator("#new-risk-service").selectOption({ label: "Customer portal" });
  await page.getByRole("button", { name: "Add risk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Portal accounts taken over");
  const riskPath = new URL(page.url()).pathname;
  await expect(page.getByTestId("risk-review-due")).toHaveText("Next review: not set, every 12 months. Last reviewed: never.");
  await page.getByTestId("risk-reviewed").click();
  await expect(page.getByText("Review recorded.")).toBeVisible();
  await expect(page.getByTestId("risk-review-due")).toHaveText("Next review: 2027-12-09, every 12 months. Last reviewed: 2026-12-09.");

  // The next day, a security incident on the portal calls for it at once.
  await page.clock.setFixedTime(new Date("2026-12-10T09:00:00Z"));
  await goInApp(page, "/tickets");
  await page.getByLabel("Title").fill("Credential stuffing against the portal");
  await page.locator("#new-ticket-service").selectOption({ label: "Customer portal" });
  await page.getByRole("button", { name: "Log ticket" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Credential stuffing against the portal");
  await page.getByLabel(/Information security incident/).check();
  await page.getByRole("button", { name: "Save ticket" }).click();
  await expect(page.getByTestId("ticket-type")).toHaveText("Incident · information security incident");
  await goInApp(page, riskPath);
  await expect(page.getByTestId("risk-review-due")).toHaveText("Next review: 2026-12-10, every 12 months. Last reviewed: 2026-12-09.");
  await expect(page.getByTestId("risk-review-triggers")).toContainText("Security incident “Credential stuffing against the portal” logged");

  // An objective whose review is overdue.
  await goInApp(page, "/objectives");
  await page.getByLabel("What you mean to achieve").fill("Fewer account takeovers");
  await page.getByRole("button", { name: "Add objective" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fewer account takeovers");
  await page.getByLabel("Next review", { exact: true }).fill("2026-11-30");
  await page.getByRole("button", { name: "Save objective" }).click();
  await expect(page.getByText("Objective saved.").last()).toBeVisible();
  await expect(page.getByTestId("objective-next-review")).toHaveText("2026-11-30 (10 days overdue)");

  // One page lists both; narrowed to one kind.
  await goInApp(page, "/due");
  await expect(page.getByTestId("due-overdue")).toContainText("Objective review: Fewer account takeovers — 2026-11-30 (10 days overdue)");
  await expect(page.getByTestId("due-soon")).toContainText("Risk review: Portal accounts taken over — 2026-12-10 (due today)");
  await page.getByLabel("Show").selectOption({ label: "Risk review" });
  await expect(page.getByTestId("due-overdue")).toHaveText("Nothing is overdue.");
  await expect(page.getByTestId("due-soon")).toContainText("Risk review: Portal accounts taken over");
  await page.getByTestId("due-soon").getByRole("link", { name: "Portal accounts taken over" }).click();
  await expect(page).toHaveURL(riskPath);

  // Reviewed again, the incident is answered: due a year on.
  await page.getByTestId("risk-reviewed").click();
  await expect(page.getByTestId("risk-review-due")).toHaveText("Next review: 2027-12-10, every 12 months. Last reviewed: 2026-12-10.");
  await expect(page.getByTestId("risk-review-triggers")).toHaveCount(0);
  await goInApp(page, "/due");
  await expect(page.getByTestId("due-soon")).toHaveText("Nothing else falls due in the next 30 days.");
});
