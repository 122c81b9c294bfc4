// Risks: the workspace's method (its scales in its own words, the threshold; a scale that would
// lose a level a risk uses is refused); a risk analysed, treated by a control and a task (overdue
// on the dashboard, then done with its evidence), its residual risk refused above the risk before
// treatment, then accepted; the heat maps and the list's filters;
// a change names the risk and each is one click from the other; deleting the risk unlinks the
// change. Then in a shared workspace: an editor cannot accept a residual risk, an approver can.
import { expect, test, type Page } from "@playwright/test";
import { createWorkspace, goInApp, joinWithCode, openApp, person, syncNow } from "./helpers";

async function saveRisk(page: Page) {
  await page.getByRole("button", { name: "Save risk" }).click();
  await expect(page.getByText("Risk saved.").last()).toBeVisible();
}

test("a risk is analysed on the workspace's method, treated by a control, accepted, and linked to a change both ways", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Risk Co");
  await page.goto("/services");
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");

  // The method: scales in the organisation's words, checked.
  await page.goto("/registers");
  await page.getByRole("link", { name: "Risks", exact: true }).click();
  await expect(page.getByText("No risks yet.")).toBeVisible();
  const method = page.getByTestId("risk-method-summary");
  await expect(method).toHaveText("Risk method: 5 × 5 levels, acceptance threshold 6 of 25");
  await method.click();
  await page.getByLabel("Likelihood levels").fill("Low\nHigh");
  await page.getByRole("button", { name: "Save risk method" }).click();
  await expect(page.getByText("Nothing was saved: Likelihood: A scale has 3 to 5 levels (this has 2).")).toBeVisible();
  await page.getByLabel("Likelihood levels").fill("Low\nMedium\nHigh\nVery high");
  await page.getByLabel("Acceptance threshold").fill("5");
  await page.getByRole("button", { name: "Save risk method" }).click();
  await expect(page.getByText("Risk method saved.")).toBeVisible();
  await expect(method).toHaveText("Risk method: 4 × 5 levels, acceptance threshold 5 of 20");

  // A risk, refused without its scenario, then added for the service.
  await page.getByRole("button", { name: "Add risk" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "A risk needs a title (its scenario in a line)." })).toBeVisible();
  await page.getByLabel("Scenario (what could happen)").fill("Laptop stolen with customer data");
  await page.locator("#new-risk-service").selectOption({ label: "E-mail" });
  await page.getByRole("button", { name: "Add risk" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Laptop stolen with customer data");
  const riskPath = new URL(page.url()).pathname;
  await expect(page.getByRole("link", { name: "E-mail" })).toBeVisible();

  // Analysed only with an owner, a likelihood and an impact.
  await expect(page.getByRole("button", { name: "Move to analysed" })).toBeDisabled();
  await expect(page.getByText("An analysed risk needs an owner.")).toBeVisible();
  await page.getByLabel("Risk owner").fill("Ana");
  await page.getByLabel("Likelihood", { exact: true }).selectOption({ label: "4 — Very high" });
  await page.getByLabel("Impact on confidentiality").selectOption("4");
  await page.getByLabel("Threat", { exact: true }).fill("Theft");
  await saveRisk(page);
  await page.getByRole("button", { name: "Move to analysed" }).click();
  await expect(page.getByTestId("risk-state")).toHaveText("Analysed");
  await expect(page.getByTestId("risk-inherent")).toHaveText("16 (likelihood 4 Very high × impact 4 Major), high");

  // Treated by modifying it: a plan or a control first.
  await page.getByLabel("Treatment", { exact: true }).selectOption("modify");
  await saveRisk(page);
  await expect(page.getByRole("button", { name: "Move to treatment planned" })).toBeDisabled();
  await expect(page.getByText("Say how the risk is treated: a treatment plan or the controls that carry it out.")).toBeVisible();
  await page.getByLabel("Control", { exact: true }).selectOption({ label: "A.8.24 Use of cryptography" });
  await page.getByRole("button", { name: "Add control" }).click();
  await expect(page.getByTestId("risk-controls")).toContainText("A.8.24 Use of cryptography");
  await page.getByRole("button", { name: "Move to treatment planned" }).click();
  await expect(page.getByTestId("risk-state")).toHaveText("Treatment planned");
  await page.getByRole("button", { name: "Move to in treatment" }).click();
  await expect(page.getByTestId("risk-state")).toHaveText("In treatment");

  // A treatment task, overdue: on the risk, the dashboard and the actions list; done with evidence.
  await page.getByLabel("Action", { exact: true }).fill("Encrypt every laptop");
  await page.getByLabel("Action owner").fill("Ana");
  await page.getByLabel("Action due").fill("2020-01-31");
  await page.getByRole("button", { name: "Add action" }).click();
  await expect(page.getByTestId("served-actions")).toContainText("Encrypt every laptop · Open · Ana · due 2020-01-31 (overdue)");
  await goInApp(page, "/");
  await page.getByTestId("overview-actions-overdue").click();
  await expect(page).toHaveURL("/actions?due=overdue");
  await page.getByRole("link", { name: "Encrypt every laptop" }).click();
  await expect(page.getByTestId("action-serves")).toHaveText("Risk: Laptop stolen with customer data");
  await page.getByLabel("Status", { exact: true }).selectOption("done");
  await page.getByRole("button", { name: "Save action" }).click();
  await expect(page.getByText("Nothing was saved: An action done says what shows it was done (its evidence).")).toBeVisible();
  await page.getByLabel("Evidence", { exact: true }).fill("MDM report: 42 of 42 laptops encrypted");
  await page.getByRole("button", { name: "Save action" }).click();
  await expect(page.getByTestId("action-status")).toHaveText("Done");
  await expect(page.getByLabel("Done on")).not.toHaveValue("");
  await page.getByTestId("action-serves").getByRole("link").click();
  await expect(page).toHaveURL(riskPath);
  await expect(page.getByTestId("served-actions")).toContainText("Encrypt every laptop · Done · Ana · due 2020-01-31");

  // The residual risk: never above the risk before treatment; then accepted.
  await expect(page.getByTestId("accept-blocked")).toHaveText("Assess the residual likelihood and impact first (Details).");
  await page.getByLabel("Residual likelihood").selectOption("4");
  await page.getByLabel("Residual impact").selectOption("5");
  await page.getByRole("button", { name: "Save risk" }).click();
  await expect(page.getByText("Nothing was saved: The residual risk (20) cannot be higher than the risk before treatment (16).")).toBeVisible();
  await page.getByLabel("Residual likelihood").selectOption("2");
  await page.getByLabel("Residual impact").selectOption("2");
  await saveRisk(page);
  await expect(page.getByTestId("risk-residual")).toHaveText("4 (likelihood 2 Medium × impact 2 Minor), within threshold");
  await expect(page.getByText("The residual score 4 is within the acceptance threshold (5).")).toBeVisible();
  await expect(page.getByRole("button", { name: "Move to residual risk accepted" })).toBeDisabled();
  await page.getByTestId("accept-risk").click();
  await expect(page.getByTestId("risk-state")).toHaveText("Residual risk accepted");
  await expect(page.getByTestId("risk-acceptance")).toHaveText(/^Accepted by Test User on .+, for a residual score of 4\.$/);
  await expect(page.getByTestId("accept-risk")).toHaveCount(0);

  // The register: heat maps, filters, and a method that would lose a level in use.
  await page.getByRole("link", { name: "Risks", exact: true }).click();
  await expect(page.getByTestId("heat-inherent").getByRole("cell", { name: "1 risk, score 16" })).toHaveText("1");
  await expect(page.getByTestId("heat-residual").getByRole("cell", { name: "1 risk, score 4" })).toHaveText("1");
  await page.getByRole("link", { name: "High" }).first().click();
  await expect(page.getByText("1 of 1 risk")).toBeVisible();
  await page.getByLabel("Residual", { exact: true }).selectOption("high");
  await expect(page.getByText("No risk of 1 matches.")).toBeVisible();
  await page.getByTestId("risk-method-summary").click();
  await page.getByLabel("Likelihood levels").fill("Low\nMedium\nHigh");
  await page.getByRole("button", { name: "Save risk method" }).click();
  await expect(page.getByText("Nothing was saved: 1 risk uses a likelihood level above 3: reassess it before shortening the scale.")).toBeVisible();

  // A change names the risk: each is one click from the other.
  await goInApp(page, "/changes");
  await page.locator("#new-change-title-input").fill("Encrypt laptop disks");
  await page.getByRole("button", { name: "Request change" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Encrypt laptop disks");
  const changePath = new URL(page.url()).pathname;
  await page.getByRole("checkbox", { name: "Laptop stolen with customer data" }).check();
  await goInApp(page, riskPath);
  await page.getByTestId("risk-changes").getByRole("link", { name: "Encrypt laptop disks" }).click();
  await expect(page).toHaveURL(changePath);
  await expect(page.getByRole("checkbox", { name: "Laptop stolen with customer data" })).toBeChecked();

  // Deleting the risk unlinks the change in the same write.
  await goInApp(page, riskPath);
  let asked = "";
  page.once("dialog", (dialog) => { asked = dialog.message(); void dialog.accept(); });
  await page.getByRole("button", { name: "Delete risk" }).click();
  await expect(page.getByText("Risk deleted.")).toBeVisible();
  expect(asked).toBe("Delete the risk “Laptop stolen with customer data”? Changes that name it lose that link.");
  await goInApp(page, changePath);
  await expect(page.getByText("No risks in the register yet")).toBeVisible();
});

test("in a shared workspace an editor cannot accept a residual risk, approve the SoA or a document, and an approver can", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const ada = await person(browser, "Ada");
  await openApp(ada, "/settings");
  await createWorkspace(ada, "Shared Risks");
  await ada.getByLabel("Server address").fill(baseURL!);
  await ada.getByLabel("This device's name").fill("Ada's laptop");
  await ada.getByRole("button", { name: "Share “Shared Risks” on this server" }).click();
  await expect(ada.getByTestId("sync-pill")).toHaveText("Synced");
  const codes: string[] = [];
  for (const role of ["editor", "approver"]) {
    await ada.getByLabel("Their role").selectOption(role);
    await ada.getByRole("button", { name: "Make an invite code" }).click();
    const code = ada.getByTestId("invite-code");
    await expect(code).toHaveText(/^\s*[a-z0-9-]{20,}\s*$/i);
    if (codes.length) await expect(code).not.toHaveText(codes[0]);
    codes.push((await code.textContent())!.trim());
  }

  const join = (name: string, code: string) => joinWithCode(browser, baseURL!, name, code);

  // Grace, an editor, assesses a risk to retain as it is, but cannot accept it.
  const grace = await join("Grace", codes[0]);
  await grace.goto("/risks");
  await grace.getByLabel("Scenario (what could happen)").fill("Single office internet line");
  await grace.getByRole("button", { name: "Add risk" }).click();
  await expect(grace.getByRole("heading", { level: 1 })).toHaveText("Single office internet line");
  const riskPath = new URL(grace.url()).pathname;
  await grace.getByLabel("Risk owner").fill("Grace");
  await grace.getByLabel("Likelihood", { exact: true }).selectOption("3");
  await grace.getByLabel("Impact on availability").selectOption("3");
  await grace.getByLabel("Treatment", { exact: true }).selectOption("retain");
  await grace.getByLabel("Residual likelihood").selectOption("3");
  await grace.getByLabel("Residual impact").selectOption("3");
  await saveRisk(grace);
  await grace.getByRole("button", { name: "Move to analysed" }).click();
  await expect(grace.getByTestId("risk-state")).toHaveText("Analysed");
  await expect(grace.getByText("The residual score 9 is above the acceptance threshold (6)", { exact: false })).toBeVisible();
  await expect(grace.getByTestId("accept-risk")).toBeDisabled();
  await expect(grace.getByTestId("accept-blocked")).toHaveText("Only approvers and owners accept residual risks; you are an editor.");
  await syncNow(grace);

  // Bea, an approver, accepts it in her own name; Grace sees it after syncing.
  const bea = await join("Bea", codes[1]);
  await bea.goto(riskPath);
  await expect(bea.getByTestId("risk-state")).toHaveText("Analysed");
  await bea.getByTestId("accept-risk").click();
  await expect(bea.getByTestId("risk-state")).toHaveText("Residual risk accepted");
  await expect(bea.getByTestId("risk-acceptance")).toHaveText(/^Accepted by Bea on .+, for a residual score of 9\.$/);
  await syncNow(bea);
  await syncNow(grace);
  await grace.goto(riskPath);
  await expect(grace.getByTestId("risk-acceptance")).toHaveText(/^Accepted by Bea on .+, for a residual score of 9\.$/);

  // The same holds for the Statement of Applicability: Grace completes a version, Bea approves it.
  await grace.goto("/soa");
  await grace.getByRole("button", { name: "Start version 1" }).click();
  await expect(grace.getByTestId("soa-standing")).toHaveText("Draft");
  const soaPath = new URL(grace.url()).pathname;
  await grace.getByLabel("Reason for those without one").selectOption("risk");
  await grace.getByLabel("Implementation for those without one").selectOption("implemented");
  await grace.getByRole("button", { name: "Fill the gaps" }).click();
  await expect(grace.getByTestId("soa-gaps")).toHaveText("Every applicable control says why it is included and how far it is implemented.");
  await expect(grace.getByTestId("approve-soa")).toBeDisabled();
  await expect(grace.getByTestId("approve-blocked")).toHaveText("Only approvers and owners approve the Statement of Applicability; you are an editor.");
  // And for a document of the register.
  await grace.goto("/documents");
  await grace.getByTestId("add-required").click();
  await grace.getByRole("link", { name: "Scope of the ISMS" }).click();
  const scopePath = new URL(grace.url()).pathname;
  await grace.getByLabel("Owner", { exact: true }).fill("Grace");
  await grace.getByLabel("Version", { exact: true }).fill("1.0");
  await grace.getByLabel("Where it is kept", { exact: true }).fill("Intranet › ISMS › Scope");
  await grace.getByRole("button", { name: "Save document" }).click();
  await expect(grace.getByTestId("document-status")).toHaveText("Not approved");
  await expect(grace.getByTestId("approve-document-blocked")).toHaveText("Only approvers and owners approve documents; you are an editor.");
  await syncNow(grace);

  await syncNow(bea);
  await bea.goto(soaPath);
  await expect(bea.getByTestId("soa-gaps")).toHaveText("Every applicable control says why it is included and how far it is implemented.");
  await bea.getByTestId("approve-soa").click();
  await expect(bea.getByTestId("soa-standing")).toHaveText(/^Approved by Bea on /);
  await bea.goto(scopePath);
  await bea.getByTestId("approve-document").click();
  await expect(bea.getByTestId("document-approval")).toContainText("Version 1.0 approved by Bea");
  await syncNow(bea);
  await syncNow(grace);
  await grace.goto(soaPath);
  await expect(grace.getByTestId("soa-standing")).toHaveText(/^Approved by Bea on /);
  await grace.goto(scopePath);
  await expect(grace.getByTestId("document-status")).toHaveText("Approved");
});
