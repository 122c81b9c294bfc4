// A problem raised from a recurring incident: linked both ways, investigated, recorded as a
// known error with its workaround, resolved and closed — each step refused until its rule
// holds — and the trend of recurring incidents that points at it.
import { expect, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

test("a problem raised from an incident is carried to a known error and closed, linked both ways", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Problem Co");
  await page.goto("/services");
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");

  // Three incidents on one service in a month: a trend worth a problem.
  await page.getByRole("link", { name: "This service's tickets, and a form to log one" }).click();
  for (const title of ["Mail bounces", "Mail bounces again", "Mail bounces a third time"]) {
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Log ticket" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await page.goBack();
  }
  await page.goto("/problems");
  await expect(page.getByText("No problems yet.")).toBeVisible();
  await expect(page.getByTestId("recurring")).toHaveText("E-mail — 3 incidents, 3 not linked to a problem");

  // Raised from the third incident, which it lists and which links back.
  await page.getByTestId("recurring").getByRole("link", { name: "E-mail" }).click();
  await page.getByRole("link", { name: "Mail bounces a third time" }).click();
  await page.getByRole("button", { name: "Raise a problem from this incident" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail bounces a third time");
  await expect(page.getByTestId("problem-state")).toHaveText("New");
  await expect(page.getByTestId("problem-incidents")).toContainText("Mail bounces a third time");

  // Each step waits for what it needs.
  await expect(page.getByRole("button", { name: "Move to investigating" })).toBeDisabled();
  await expect(page.getByText("A problem that is investigating needs an owner.")).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Mail relay rejects large messages");
  await page.getByLabel("Owner").fill("Ana");
  await page.getByRole("button", { name: "Save problem" }).click();
  await expect(page.getByText("Problem saved.")).toBeVisible();
  await page.getByRole("button", { name: "Move to investigating" }).click();
  await expect(page.getByTestId("problem-state")).toHaveText("Investigating");
  await expect(page.getByText("A known error needs its root cause recorded.")).toBeVisible();
  await page.getByLabel("Root cause", { exact: true }).fill("The relay's message size limit is 10 MB");
  await page.getByLabel("Workaround", { exact: true }).fill("Send large files by link");
  await page.getByRole("button", { name: "Move to known error" }).click();
  await expect(page.getByTestId("problem-state")).toHaveText("Known error");
  await expect(page.getByText("A resolved problem needs a note of how its cause was removed.")).toBeVisible();
  await page.getByLabel("Resolution", { exact: true }).fill("Limit raised to 50 MB");
  await page.getByRole("button", { name: "Move to resolved" }).click();
  await page.getByRole("button", { name: "Move to closed" }).click();
  await expect(page.getByTestId("problem-state")).toHaveText("Closed");

  // The incident names its problem, and the list counts it.
  await page.getByTestId("problem-incidents").getByRole("link", { name: "Mail bounces a third time" }).click();
  await expect(page.getByTestId("ticket-problem")).toContainText("Mail relay rejects large messages (closed)");
  await page.goto("/problems?state=");
  await expect(page.getByTestId("problem-count")).toHaveText("1 of 1 problem");
  await expect(page.locator("table")).toContainText("Mail relay rejects large messages");
  await page.goto("/problems");
  await expect(page.getByTestId("recurring")).toHaveText("E-mail — 3 incidents, 2 not linked to a problem");

  // Deleted only after asking; its incident stays, no longer linked.
  await page.goto("/problems?state=");
  await page.getByRole("link", { name: "Mail relay rejects large messages" }).click();
  page.once("dialog", (dialog) => dialog.dismiss());
  await page.getByRole("button", { name: "Delete problem" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mail relay rejects large messages");
  let asked = "";
  page.once("dialog", (dialog) => { asked = dialog.message(); void dialog.accept(); });
  await page.getByRole("button", { name: "Delete problem" }).click();
  await expect(page.getByText("Problem deleted.")).toBeVisible();
  expect(asked).toBe("Delete the problem “Mail relay rejects large messages”? Its incident stays, no longer linked to it.");
  await expect(page.getByTestId("recurring")).toHaveText("E-mail — 3 incidents, 3 not linked to a problem");
});
