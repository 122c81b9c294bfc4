// The register list every register shares, on 300 tickets pushed through the sync API: only
// the rows in sight are drawn, headings sort, a view is saved on this device and deleted after
// asking, a link carries filters, and the CSV holds exactly the rows shown.
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { type Change, clock, connectionOf, person, shareNewWorkspace } from "./helpers";

const TICKETS = 300;
const LEVELS = ["high", "medium", "low"];

/** Pushes `TICKETS` tickets: every tenth closed, every fifth about a printer. */
async function pushTickets(request: APIRequestContext, page: Page) {
  const { workspace, token, device } = await connectionOf(page);
  const headers = { Authorization: `Bearer ${token}` };
  const base = `/api/v1/workspaces/${workspace}/changes`;
  // Any change the workspace already holds gives the fields every change carries.
  const pulled = await (await request.get(`${base}?after=0&limit=1`, { headers })).json();
  const template: Change = pulled.changes[0].change;
  const now = Date.now();
  const changes: Change[] = [];
  for (let n = 1; n <= TICKETS; n++) {
    const fields: Record<string, unknown> = {
      type: "incident",
      title: n % 5 === 0 ? `Printer jam ${n}` : `Ticket ${n}`,
      impact: LEVELS[n % 3],
      urgency: LEVELS[Math.floor(n / 3) % 3],
      reporter: "Ada",
      logged_at: now - n * 60_000,
      state: n % 10 === 0 ? "closed" : "new",
      resolution: n % 10 === 0 ? "Fixed." : undefined,
      assignee: n % 10 === 0 ? "Grace" : undefined,
    };
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      changes.push({ ...template, kind: "ticket", record_id: `t-${n}`, field, value, clock: clock(now, changes.length, device) });
    }
  }
  // A push holds at most 1,000 changes, and a new record arrives whole within one.
  const perTicket = changes.length / TICKETS;
  for (let at = 0; at < changes.length; ) {
    let end = Math.min(changes.length, at + 1000);
    while (end < changes.length && changes[end].record_id === changes[end - 1].record_id) end--;
    const answer = await request.post(base, { headers, data: { changes: changes.slice(at, end) } });
    expect(answer.status(), (await answer.text()).slice(0, 400)).toBe(200);
    at = end;
  }
  expect(perTicket).toBeGreaterThan(6);
}

const drawnRows = (page: Page) => page.locator(".register-table tbody tr:not(.spacer)");

test("a long register list draws what is in sight, sorts, saves views, follows links and exports CSV", async ({ browser, baseURL, request }) => {
  test.setTimeout(90_000);
  const ada = await person(browser, "Ada");
  await shareNewWorkspace(ada, baseURL!, "Service desk", "Readiness");
  await pushTickets(request, ada);
  await ada.goto("/tickets");
  const count = ada.getByTestId("ticket-count");
  await expect(count).toHaveText("270 of 300 tickets", { timeout: 20_000 });

  // Drawn in a window: far fewer rows than shown, and scrolling brings the last ones.
  expect(await drawnRows(ada).count()).toBeLessThan(60);
  await expect(ada.locator(".register-table")).toHaveAttribute("aria-rowcount", "271");
  await ada.locator(".table-scroll.windowed").evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(ada.getByRole("link", { name: "Ticket 299", exact: true })).toBeVisible();
  expect(await drawnRows(ada).count()).toBeLessThan(60);

  // A heading sorts ascending, then descending.
  const priority = ada.getByRole("columnheader", { name: /Priority/ });
  await priority.getByRole("button").click();
  await expect(priority).toHaveAttribute("aria-sort", "ascending");
  await expect(drawnRows(ada).first().locator("td").first()).toHaveText("P1");
  await priority.getByRole("button").click();
  await expect(priority).toHaveAttribute("aria-sort", "descending");
  await expect(drawnRows(ada).first().locator("td").first()).toHaveText("P5");

  // A view is saved on this device, survives a reload and is deleted only after asking.
  await ada.getByLabel("Search").fill("printer");
  await expect(count).toHaveText("30 of 300 tickets");
  await ada.getByRole("button", { name: "Save view…" }).click();
  await ada.getByRole("button", { name: "Save", exact: true }).click();
  await expect(ada.getByRole("alert").filter({ hasText: "Give the view a name." })).toBeVisible();
  // A ticket logged in another tab meanwhile reaches the list without closing the form or
  // taking what was typed in it.
  await ada.getByLabel("Name this view").fill("Open printer");
  const other = await ada.context().newPage();
  await other.goto("/tickets");
  await other.getByLabel("Title").fill("Printer jam on floor 3");
  await other.getByRole("button", { name: "Log ticket" }).click();
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Printer jam on floor 3");
  await other.close();
  await expect(count).toHaveText("31 of 301 tickets");
  await expect(ada.getByLabel("Name this view")).toHaveValue("Open printer");
  await expect(ada.getByLabel("Name this view")).toBeFocused();
  await expect(ada.getByLabel("Search")).toHaveValue("printer");
  await ada.getByLabel("Name this view").fill("Open printer jams");
  await ada.getByRole("button", { name: "Save", exact: true }).click();
  await expect(ada.getByLabel("View", { exact: true })).toHaveValue("Open printer jams");
  await ada.reload();
  await expect(count).toHaveText("271 of 301 tickets");
  await ada.getByLabel("View", { exact: true }).selectOption("Open printer jams");
  await expect(count).toHaveText("31 of 301 tickets");
  await expect(ada.getByLabel("Search")).toHaveValue("printer");

  // The CSV holds the heading and exactly the rows shown, in the order shown.
  const [download] = await Promise.all([ada.waitForEvent("download"), ada.getByRole("button", { name: "Download CSV" }).click()]);
  expect(download.suggestedFilename()).toBe("praxis-tickets.csv");
  const lines = (await readFile((await download.path())!, "utf8")).trimEnd().split("\r\n");
  expect(lines[0]).toBe("Ticket,Priority,State,Service,SLA,Assignee,Logged");
  expect(lines).toHaveLength(32);
  const rows = lines.slice(1).map((line) => line.split(","));
  expect(rows.every(([title]) => title.startsWith("Printer jam "))).toBe(true);
  const priorities = rows.map(([, p]) => Number(p.slice(1)));
  expect(priorities).toEqual([...priorities].sort((a, b) => b - a)); // the view's sort, P5 first

  await ada.getByRole("button", { name: "Delete view" }).click();
  await ada.getByRole("button", { name: "Cancel" }).click();
  await expect(ada.getByLabel("View", { exact: true })).toHaveValue("Open printer jams");
  await ada.getByRole("button", { name: "Delete view" }).click();
  await ada.getByRole("group", { name: "Confirm deleting the view" }).getByRole("button", { name: "Delete" }).click();
  await expect(ada.getByLabel("View", { exact: true }).locator("option")).toHaveText(["As opened"]);

  // A link carries its filters: every P1 ticket, closed ones too.
  await ada.goto("/tickets?priority=P1&state=");
  await expect(ada.getByLabel("Priority", { exact: true })).toHaveValue("P1");
  await expect(ada.getByLabel("State", { exact: true })).toHaveValue("");
  const p1 = Number((await count.textContent())!.split(" ")[0]);
  expect(p1).toBeGreaterThan(0);
  await ada.getByLabel("State", { exact: true }).selectOption("open");
  await expect(count).not.toHaveText(`${p1} of 301 tickets`);
});
