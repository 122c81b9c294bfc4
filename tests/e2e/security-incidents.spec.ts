// An information security incident: its timeline, classification, a notification deadline
// counted from detection that runs late, evidence passed on along its chain of custody, and
// the guards that keep it open until it is classified, notified and learned from.
import { expect, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

test.use({ timezoneId: "UTC" });

test("a security incident's notification deadline counts from detection, and it closes only once notified and learned from", async ({ page }) => {
  // Wednesday 2026-12-09 10:00: the theft was detected at 08:00.
  await page.clock.install({ time: new Date("2026-12-09T10:00:00Z") });
  await openApp(page);
  await createWorkspace(page, "Security Co");
  await page.goto("/tickets");
  await page.getByLabel("Title").fill("Laptop stolen from a car");
  await page.getByLabel("Impact", { exact: true }).selectOption({ label: "High" });
  await page.getByRole("button", { name: "Log ticket" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Laptop stolen from a car");
  await expect(page.getByRole("heading", { name: "Notifications" })).toHaveCount(0);

  // Flagged, it gains its timeline and the security sections.
  await page.getByLabel(/Information security incident/).check();
  await page.getByRole("button", { name: "Save ticket" }).click();
  await expect(page.getByTestId("ticket-type")).toHaveText("Incident · information security incident");
  await expect(page.getByTestId("ticket-notice")).toHaveText("None owed yet");
  await page.getByLabel("What happened").fill("Theft reported by phone to the service desk");
  await page.getByRole("button", { name: "Add to timeline" }).click();
  await expect(page.getByTestId("incident-timeline")).toContainText("2026-12-09 10:00 Theft reported by phone to the service desk — Test User");
  await page.getByLabel("What happened").fill("   ");
  await page.getByRole("button", { name: "Add to timeline" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A timeline entry needs a note of what happened." })).toBeVisible();

  // Classified, detected two hours before it was logged.
  await page.getByLabel("Classification", { exact: true }).selectOption({ label: "Lost or stolen device or media" });
  await page.getByLabel("Confidentiality", { exact: true }).check();
  await page.getByLabel("Personal data was involved").check();
  await page.getByLabel("Detected", { exact: true }).fill("2026-12-09T08:00");
  await page.getByRole("button", { name: "Save security details" }).click();
  await expect(page.getByText("Security details saved.")).toBeVisible();

  // The data protection authority must hear of it within 72 hours of detection.
  await page.getByRole("button", { name: "Data protection authority (personal data breach), 72 h" }).click();
  await page.getByLabel("Due within").fill("soon");
  await page.getByRole("button", { name: "Add notification" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "the deadline must be a time such as" })).toBeVisible();
  await page.getByLabel("Due within").fill("72 h");
  await page.getByRole("button", { name: "Add notification" }).click();
  const notifications = page.getByTestId("notifications");
  await expect(notifications).toContainText("2026-12-12 08:00");
  // The page's clock runs on from 10:00, so a few seconds may have gone.
  await expect(notifications).toContainText(/Due in (70 h|69 h 59 min)/);
  await expect(page.getByTestId("ticket-notice")).toHaveText(/^Due in (70 h|69 h 59 min) — Data protection authority \(personal data breach\)$/);

  // Handled meanwhile: evidence collected and passed on, a bad hash refused by name.
  await page.getByLabel("What it is").fill("Dashcam footage of the car park");
  await page.getByLabel("SHA-256 (optional)").fill("abc");
  await page.getByRole("button", { name: "Add evidence" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A SHA-256 is 64 hexadecimal characters (this has 3)." })).toBeVisible();
  await page.getByLabel("SHA-256 (optional)").fill("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08");
  await page.getByLabel("Where it is kept").fill("Evidence safe 2");
  await page.getByRole("button", { name: "Add evidence" }).click();
  const evidence = page.getByTestId("evidence");
  await expect(evidence).toContainText("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  await expect(evidence.getByTestId("evidence-holder")).toHaveText("Test User");
  await evidence.getByText("Hand “Dashcam footage of the car park” over").click();
  await evidence.getByLabel("To").fill("Police liaison");
  await evidence.getByLabel("Purpose").fill("Criminal investigation");
  await evidence.getByRole("button", { name: "Record handover" }).click();
  await expect(evidence.getByTestId("evidence-holder")).toHaveText("Police liaison");
  await expect(evidence.getByRole("list", { name: "Chain of custody of Dashcam footage of the car park" }))
    .toHaveText("2026-12-09 10:00 — Test User to Police liaison: Criminal investigation");

  // Three days on the deadline has passed; the notification is made an hour late.
  await page.clock.fastForward(71 * 60 * 60 * 1000);
  await expect(page.getByTestId("ticket-notice")).toContainText("Overdue by 1 h");
  await expect(notifications.locator(".badge.notice-overdue")).toHaveText("Overdue by 1 h");
  // The dashboard says so too, and leads back to the security incidents.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page.getByTestId("overview-security")).toHaveText("1 security incident open");
  await expect(page.getByTestId("overview-notices")).toHaveText("1 with a notification overdue");
  await page.getByTestId("overview-notices").click();
  await page.getByRole("link", { name: "Laptop stolen from a car" }).click();
  await page.getByLabel("Notification", { exact: true }).selectOption({ label: "Data protection authority (personal data breach)" });
  await page.getByLabel("Made", { exact: true }).fill("2026-12-12T09:00");
  await page.getByLabel("Reference").fill("DPA case 2026-118");
  await page.getByRole("button", { name: "Record as made" }).click();
  await expect(notifications.locator(".badge.notice-made-late")).toHaveText("Made 1 h late");
  await expect(notifications).toContainText("2026-12-12 09:00 · DPA case 2026-118");
  await expect(page.getByTestId("ticket-notice")).toHaveText("All made");

  // It resolves once classified, and closes only once its lessons are written.
  await page.getByLabel("Assigned to").fill("Ana");
  await page.getByLabel("Resolution", { exact: true }).fill("Laptop wiped remotely; its disk was encrypted");
  await page.getByRole("button", { name: "Save ticket" }).click();
  await page.getByRole("button", { name: "Move to in progress" }).click();
  await page.getByRole("button", { name: "Move to resolved" }).click();
  await expect(page.getByTestId("ticket-state")).toHaveText("Resolved");
  const close = page.getByRole("button", { name: "Move to closed" });
  await expect(close).toBeDisabled();
  await expect(page.getByText("A security incident cannot close before its lessons learned are written.")).toBeVisible();
  await page.getByLabel("Lessons learned", { exact: true }).fill("Laptops are never left in cars; the travel policy now says so.");
  await page.getByRole("button", { name: "Save security details" }).click();
  await expect(close).toBeEnabled();
  await close.click();
  await expect(page.getByTestId("ticket-state")).toHaveText("Closed");
  await expect(page.getByTestId("incident-timeline")).toContainText("Moved to closed");

  // The list finds it among security incidents.
  await page.goto("/tickets?type=security&state=");
  await expect(page.getByTestId("ticket-count")).toHaveText("1 of 1 ticket");
});
