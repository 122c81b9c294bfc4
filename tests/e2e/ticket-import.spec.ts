// Tickets imported from another tool's CSV export: the columns guessed, a bad row refused by
// its line with nothing imported, the corrected file imported whole, and the same export
// imported again adding nothing.
import { expect, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

test.use({ timezoneId: "UTC" });

const heading = "Number,Short description,State,Priority,Assigned to,Opened,Resolved,Closed,Service,Close notes";
const good = [
  "INC001,Mail is down,Closed,1 - Critical,Ana,2026-11-02 09:00,2026-11-02 11:30,2026-11-03 09:00,E-mail,Relay restarted",
  "INC002,Printer jammed,In Progress,4 - Low,Bo,2026-11-02 10:00,,,,",
];
const csv = (rows: string[]) => ({ name: "incidents.csv", mimeType: "text/csv", buffer: Buffer.from([heading, ...rows].join("\r\n") + "\r\n") });

test("a CSV export from another tool is imported whole once its bad row is corrected, and only once", async ({ page }) => {
  await openApp(page);
  await createWorkspace(page, "Import Co");
  await page.goto("/services");
  await page.getByLabel("Name", { exact: true }).fill("E-mail");
  await page.getByRole("button", { name: "Add service" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");

  await page.goto("/tickets");
  await page.getByRole("link", { name: "imported from its CSV export" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import incidents and requests");
  await page.getByLabel("Exported from").fill("ServiceNow");

  // A file that is not CSV at all is refused with the reason.
  await page.getByLabel("CSV file").setInputFiles({ name: "broken.csv", mimeType: "text/csv", buffer: Buffer.from('Number,Title\nINC1,"never closed\n') });
  await expect(page.getByRole("alert").filter({ hasText: "This file cannot be imported: Line 2: a quoted field is never closed." })).toBeVisible();

  // One row with a state no tool means: refused by its line, and nothing is imported.
  await page.getByLabel("CSV file").setInputFiles(csv([...good, "INC003,VPN slow,Parked,3 - Moderate,,2026-11-02 12:00,,,,"]));
  await expect(page.getByTestId("import-file-summary")).toHaveText("3 rows, 10 columns.");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Short description");
  await expect(page.getByLabel("Logged (opened)")).toHaveValue("Opened");
  await expect(page.getByTestId("import-summary")).toHaveText("3 rows: 2 to import, 0 already here from an earlier import, 1 refused.");
  await expect(page.getByTestId("import-problems")).toHaveText("Line 4: the state “Parked” is not one Praxis knows (new, assigned, in progress, waiting, resolved, closed, or the words other tools use for them).");
  await expect(page.getByRole("button", { name: "Import 2 tickets" })).toBeDisabled();
  await page.goto("/tickets?state=");
  await expect(page.getByText("No tickets yet.")).toBeVisible();

  // Corrected, the whole file goes in as one write.
  await page.goto("/tickets/import");
  await page.getByLabel("Exported from").fill("ServiceNow");
  await page.getByLabel("CSV file").setInputFiles(csv([...good, "INC003,VPN slow,New,3 - Moderate,,2026-11-02 12:00,,,,"]));
  await expect(page.getByTestId("import-summary")).toHaveText("3 rows: 3 to import, 0 already here from an earlier import, 0 refused.");
  await expect(page.getByRole("table", { name: "The first 3 of 3 tickets to import" }).getByRole("row", { name: /Mail is down/ })).toContainText("2026-11-02 11:30");
  await page.getByRole("button", { name: "Save this mapping for the tool named above" }).click();
  await expect(page.getByText("Mapping saved for ServiceNow on this device.")).toBeVisible();
  await page.getByRole("button", { name: "Import 3 tickets" }).click();
  await expect(page.getByText("3 tickets imported from ServiceNow.")).toBeVisible();
  await expect(page.getByTestId("ticket-count")).toHaveText("3 of 3 tickets");
  await page.getByLabel("Search").fill("INC001");
  await page.getByRole("link", { name: "Mail is down" }).click();
  await expect(page.getByTestId("ticket-reference")).toHaveText("INC001");
  await expect(page.getByTestId("ticket-state")).toHaveText("Closed");
  await expect(page.getByRole("link", { name: "E-mail" })).toBeVisible();

  // The same export again: every row is already here, and nothing is added.
  await page.goto("/tickets/import");
  await page.getByLabel("Exported from").fill("ServiceNow");
  await page.getByLabel("CSV file").setInputFiles(csv([...good, "INC003,VPN slow,New,3 - Moderate,,2026-11-02 12:00,,,,"]));
  await expect(page.getByTestId("import-summary")).toHaveText("3 rows: 0 to import, 3 already here from an earlier import, 0 refused.");
  await expect(page.getByText("Nothing new to import.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Import 0 tickets" })).toBeDisabled();
});
