// Objectives: one added, refused as under way until it is measurable (owner, measure, target),
// measured twice — a value that is not a number refused — on a chart whose miss stands out,
// achieved only once the latest measurement meets the target, a measurement taken back, a
// review recorded, and the list's latest value and filter.
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, goInApp, openApp } from "./helpers";

async function save(page: Page) {
  await page.getByRole("button", { name: "Save objective" }).click();
}

async function measure(page: Page, day: string, value: string, note = "") {
  await page.getByLabel("Day", { exact: true }).fill(day);
  await page.getByLabel("Value", { exact: true }).fill(value);
  await page.getByLabel("Note", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Record measurement" }).click();
}

test("an objective is made measurable, measured over time and achieved on its target", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Goals Co");
  await goInApp(page, "/objectives");
  await expect(page.getByText("No objectives yet.")).toBeVisible();
  await page.getByLabel("What you mean to achieve").fill("Keep the customer portal available");
  await page.getByLabel("Management system").selectOption({ label: "Service management (ISO/IEC 20000-1 6.2)" });
  await page.getByRole("button", { name: "Add objective" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Keep the customer portal available");
  await expect(page.getByTestId("objective-status")).toHaveText("Planned");
  await expect(page.getByText("Nothing measured yet")).toBeVisible();

  // Under way only once it names its owner, its measure and its target.
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Under way" });
  await save(page);
  await expect(page.getByText("A measurable objective under way or judged names who is responsible for it.")).toBeVisible();
  await page.getByLabel("Owner", { exact: true }).fill("Ana");
  await page.getByLabel("Measure", { exact: true }).fill("Monthly availability of the portal");
  await page.getByLabel("Unit", { exact: true }).fill("%");
  await page.getByLabel("Target", { exact: true }).fill("99.5");
  await save(page);
  await expect(page.getByText("Objective saved.").last()).toBeVisible();
  await expect(page.getByTestId("objective-status")).toHaveText("Under way");
  await expect(page.getByTestId("objective-target")).toHaveText("≥ 99.5 %");

  // Two measurements; a value that is not a number is refused.
  await measure(page, "2026-10-31", "ninety");
  await expect(page.getByText("Type the value as a number such as 99.5")).toBeVisible();
  await measure(page, "2026-10-31", "98.9", "Storage outage on the 12th");
  await expect(page.getByText("Measurement recorded.").last()).toBeVisible();
  await measure(page, "2026-11-30", "99.7");
  await expect(page.getByTestId("measurements").locator("tbody tr")).toHaveCount(2);
  await expect(page.getByTestId("objective-latest")).toHaveText("99.7 % on 2026-11-30: meets the target");
  await expect(page.locator(".objective-chart circle")).toHaveCount(2);
  await expect(page.locator(".objective-chart circle.misses")).toHaveCount(1);
  await expect(page.locator(".objective-chart svg")).toHaveAttribute("aria-label", /2 measurements of Monthly availability of the portal from 2026-10-31 to 2026-11-30, against a target of 99.5 %/);

  // Achieved on the latest measurement; taking it back leaves a miss, and achieved is refused.
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Achieved" });
  await save(page);
  await expect(page.getByTestId("objective-status")).toHaveText("Achieved");
  const asked: string[] = [];
  page.on("dialog", (dialog) => { asked.push(dialog.message()); void dialog.accept(); });
  await page.getByTestId("measurements").locator("tbody tr").first().getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("An objective is achieved once its latest measurement meets the target.")).toBeVisible();
  await expect(page.getByTestId("measurements").locator("tbody tr")).toHaveCount(2);
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Under way" });
  await save(page);
  await expect(page.getByTestId("objective-status")).toHaveText("Under way");
  await page.getByTestId("measurements").locator("tbody tr").first().getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("Measurement removed.").last()).toBeVisible();
  await expect(page.getByTestId("measurements").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("objective-latest")).toHaveText("98.9 % on 2026-10-31: does not meet the target");
  expect(asked).toEqual(["Remove the measurement of 99.7 % on 2026-11-30?", "Remove the measurement of 99.7 % on 2026-11-30?"]);

  // A review sets the next one a quarter on.
  await page.getByTestId("objective-reviewed").click();
  await expect(page.getByText("Review recorded.")).toBeVisible();
  await expect(page.getByTestId("objective-next-review")).toHaveText(/^\d{4}-\d{2}-\d{2}$/);

  // The list shows the latest value against the target.
  await goInApp(page, "/objectives");
  const row = page.getByRole("row").filter({ hasText: "Keep the customer portal available" });
  await expect(row).toContainText("≥ 99.5 %");
  await expect(row).toContainText("98.9 % (2026-10-31)");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Achieved" });
  await expect(page.getByText("No objective of 1 matches.")).toBeVisible();
});
