// Nonconformities: one raised from an assessment's finding (the clause, grade and assessment come
// with it), carried through correction, root cause and corrective action — whose task must be
// done first — to its effectiveness review and closure, refused at each stage until its record
// is there.
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, newAssessment, openApp, waitSaved } from "./helpers";

function row(page: Page, itemId: string) {
  return page.locator("li.item-row").filter({ has: page.locator(".item-title strong", { hasText: new RegExp(`^${itemId.replace(/\./g, "\\.")}$`) }) }).first();
}

async function step(page: Page, to: string, state: string) {
  await page.getByRole("button", { name: to }).click();
  await expect(page.getByTestId("nc-state")).toHaveText(state);
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save nonconformity" }).click();
  await expect(page.getByText("Nonconformity saved.").last()).toBeVisible();
}

test("a nonconformity from an audit finding is carried to closure", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "NC Co");
  await newAssessment(page, "Internal audit 2026");
  const assessmentPath = new URL(page.url()).pathname;
  const group = page.locator("details.clause-group").filter({ hasText: "A.5 Organizational controls" }).first();
  await group.locator("summary").click();
  await row(page, "A.5.18").getByLabel("Finding for A.5.18").selectOption({ label: "Minor nonconformity" });
  await waitSaved(page);
  await row(page, "A.5.18").getByRole("link", { name: "Raise a nonconformity" }).click();
  await expect(page).toHaveURL(/\/nonconformities\?from=assessment\//);
  await page.getByLabel("What does not conform").fill("Leavers keep their access for weeks");
  await page.getByRole("button", { name: "Raise nonconformity" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Leavers keep their access for weeks");
  await expect(page.getByTestId("nc-state")).toHaveText("Raised");
  await expect(page.getByTestId("nc-clauses")).toContainText("ISO/IEC 27001:2022 A.5.18 Access rights");
  await expect(page.getByLabel("Grade")).toHaveValue("minor");
  await expect(page.getByTestId("nc-found-in")).toHaveText("Internal audit · Assessment");
  await page.getByTestId("nc-found-in").getByRole("link").click();
  await expect(page).toHaveURL(assessmentPath);
  await page.goBack();
  await expect(page.getByTestId("nc-state")).toHaveText("Raised");

  // A clause of the other standard too.
  await page.getByLabel("Clause", { exact: true }).selectOption("iso20000-1:2018/8.1");
  await page.getByRole("button", { name: "Add clause" }).click();
  await expect(page.getByTestId("nc-clauses")).toContainText("ISO/IEC 20000-1:2018 8.1");

  // Each stage needs its record.
  await expect(page.getByRole("button", { name: "Move to corrected" })).toBeDisabled();
  await expect(page.getByText("Name who owns the nonconformity before it moves on.")).toBeVisible();
  await page.getByLabel("Owner", { exact: true }).fill("Ana");
  await page.getByLabel("Correction", { exact: true }).fill("The three leavers' accounts disabled today");
  await save(page);
  await step(page, "Move to corrected", "Corrected");
  await page.getByLabel("Root cause", { exact: true }).fill("HR does not tell IT when someone leaves");
  await save(page);
  await step(page, "Move to cause analysed", "Cause analysed");
  await page.getByLabel("Corrective action", { exact: true }).fill("Leaver notice from HR to IT on the last day");
  await save(page);

  // Its task must be done before the corrective action counts as implemented.
  await page.getByLabel("Action", { exact: true }).fill("Add IT to HR's leaver checklist");
  await page.getByLabel("Action owner").fill("Ana");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByTestId("served-actions")).toContainText("Add IT to HR's leaver checklist · Open");
  await expect(page.getByRole("button", { name: "Move to corrective action implemented" })).toBeDisabled();
  await expect(page.getByText("1 corrective action is still open.")).toBeVisible();
  const ncPath = new URL(page.url()).pathname;
  await page.getByTestId("served-actions").getByRole("link").click();
  await page.getByLabel("Status", { exact: true }).selectOption("done");
  await page.getByLabel("Evidence", { exact: true }).fill("Checklist v3 with the IT step");
  await page.getByRole("button", { name: "Save action" }).click();
  await expect(page.getByTestId("action-status")).toHaveText("Done");
  await page.getByTestId("action-serves").getByRole("link").click();
  await expect(page).toHaveURL(ncPath);
  await step(page, "Move to corrective action implemented", "Corrective action implemented");

  // It cannot close before its effectiveness is verified.
  await expect(page.getByRole("button", { name: "Move to closed" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Move to effectiveness verified" })).toBeDisabled();
  await page.getByLabel("Effectiveness review", { exact: true }).fill("The next two leavers lost access on their last day");
  await page.getByLabel("Effectiveness verified on").fill("2027-02-01");
  await save(page);
  await step(page, "Move to effectiveness verified", "Effectiveness verified");
  await step(page, "Move to closed", "Closed");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeEnabled();

  // The register lists it among the closed ones only.
  await page.getByRole("link", { name: "Nonconformities", exact: true }).click();
  await expect(page.getByText("No nonconformity of 1 matches.")).toBeVisible();
  await page.getByLabel("State").selectOption("closed");
  await expect(page.getByRole("link", { name: "Leavers keep their access for weeks" })).toBeVisible();
});
