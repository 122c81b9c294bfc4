// The register of documented information: the documents both standards call for added at once,
// missing ones among an assessment's certification blockers, one written, refused approval
// until it has a version, an owner and a place, approved with its next review a year on, one
// marked as not needed, a document of our own added and deleted (a required one cannot be).
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, goInApp, newAssessment, openApp } from "./helpers";

async function save(page: Page) {
  await page.getByRole("button", { name: "Save document" }).click();
  await expect(page.getByText("Document saved.").last()).toBeVisible();
}

/** The blocker of the item whose label begins `label` ("5.2 Policy"). */
function blockerOf(page: Page, label: string) {
  return page.locator(".blocker-list li").filter({ has: page.locator("a", { hasText: new RegExp(`^${label.replace(/\./g, "\\.")}`) }) });
}

test("required documents are tracked, approved, and block certification while missing", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Docs Co");
  await newAssessment(page, "Readiness 2026");
  const assessmentPath = new URL(page.url()).pathname;
  await expect(page.locator(".blocker-list li")).toHaveCount(0);

  // Until they are added, the required documents are counted by the assessment's own checks only.
  await goInApp(page, "/documents");
  await expect(page.getByTestId("required-absent")).toContainText("26 of the 26 documents");
  await page.getByTestId("add-required").click();
  await expect(page.getByText("26 required documents added to the register.")).toBeVisible();
  await expect(page.getByText("26 of 26 documents")).toBeVisible();
  await expect(page.getByTestId("add-required")).toHaveCount(0);

  await goInApp(page, assessmentPath);
  await expect(blockerOf(page, "7.5.4 ")).toContainText("Documented information not in place: Scope of the SMS (missing)");
  await expect(blockerOf(page, "5.2 Policy")).toContainText("Information security policy (missing)");

  // The policy: approval waits for a version, then for an owner and where it is kept.
  await goInApp(page, "/documents");
  await page.getByRole("link", { name: "Information security policy", exact: true }).click();
  await expect(page.getByTestId("document-status")).toHaveText("Missing");
  await expect(page.getByTestId("approve-document")).toBeDisabled();
  await expect(page.getByTestId("approve-document-blocked")).toHaveText("Give it a version first (Details).");
  await expect(page.getByRole("button", { name: "Delete document" })).toHaveCount(0);
  await page.getByLabel("Version", { exact: true }).fill("1.0");
  await save(page);
  await expect(page.getByTestId("document-status")).toHaveText("Not approved");
  await expect(page.getByTestId("approve-document-blocked")).toHaveText(
    "An approved document says where it is kept, so that those who need it can find it. (Details)",
  );
  await page.getByLabel("Where it is kept", { exact: true }).fill("https://intranet.example/policies/security");
  await expect(page.getByTestId("approve-document-blocked")).toHaveText(
    "An approved document names its owner (who keeps it up to date). (Details)",
  );
  await page.getByLabel("Owner", { exact: true }).fill("Ana");
  await save(page);
  await page.getByTestId("approve-document").click();
  await expect(page.getByText("Document approved.")).toBeVisible();
  await expect(page.getByTestId("document-status")).toHaveText("Approved");
  await expect(page.getByTestId("document-approval")).toContainText("Version 1.0 approved by Test User");
  const nextYear = new Date();
  nextYear.setFullYear(nextYear.getFullYear() + 1);
  await expect(page.getByTestId("document-next-review")).toHaveText(nextYear.toISOString().slice(0, 10));
  await expect(page.getByRole("link", { name: "https://intranet.example/policies/security" })).toBeVisible();

  // A new version waits for approval again.
  await page.getByLabel("Version", { exact: true }).fill("1.1");
  await save(page);
  await expect(page.getByTestId("document-status")).toHaveText("Not approved");
  await expect(page.getByTestId("document-approval")).toContainText("Version 1.0 was approved by Test User");
  await page.getByTestId("approve-document").click();
  await expect(page.getByTestId("document-status")).toHaveText("Approved");
  await page.getByTestId("document-reviewed").click();
  await expect(page.getByText("Review recorded.")).toBeVisible();
  await expect(page.getByTestId("document-last-review")).toHaveText(new Date().toISOString().slice(0, 10));

  // Agreements with internal suppliers do not apply here.
  await goInApp(page, "/documents");
  await page.getByRole("link", { name: "Agreements with internal suppliers and internal customers" }).click();
  await page.getByLabel("Why it is not needed here", { exact: true }).fill("One team delivers every service: no internal suppliers.");
  await save(page);
  await expect(page.getByTestId("document-status")).toHaveText("Not needed here");

  // The list's filters; the assessment's blockers follow the register.
  await goInApp(page, "/documents");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Approved" });
  await expect(page.getByText("1 of 26 documents")).toBeVisible();
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "Missing" });
  await expect(page.getByText("24 of 26 documents")).toBeVisible();
  await goInApp(page, assessmentPath);
  await expect(blockerOf(page, "7.5.4 ")).toContainText("Service catalogue (missing)");
  await expect(blockerOf(page, "7.5.4 ")).not.toContainText("internal suppliers");
  await expect(blockerOf(page, "5.2 Policy")).toHaveCount(0);

  // A document of our own, then deleted after a confirmation.
  await goInApp(page, "/documents");
  await page.getByLabel("Title", { exact: true }).fill("Backup log");
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Record (kept as evidence)" });
  await page.getByRole("button", { name: "Add document" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Backup log");
  await expect(page.getByText("Our own documented information")).toBeVisible();
  await expect(page.getByLabel("Why it is not needed here", { exact: true })).toBeHidden();
  let asked = "";
  page.once("dialog", (dialog) => { asked = dialog.message(); void dialog.accept(); });
  await page.getByRole("button", { name: "Delete document" }).click();
  await expect(page.getByText("Document deleted.")).toBeVisible();
  expect(asked).toBe("Delete the document “Backup log” from the register?");
  await expect(page.getByText("26 of 26 documents")).toBeVisible();
});
