// A device joining a workspace that already holds about 10,000 changes: the header shows how
// far the first pull has come, the person can type while it runs without losing a keystroke,
// and every record arrives.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { type Change, clock, connectionOf, openApp, person, shareNewWorkspace } from "./helpers";

/** Copies of the template assessment pushed to the server, each with every Annex A control rated. */
const COPIES = 100;

/** The 93 controls of ISO/IEC 27001:2022 Annex A, as answer keys. */
const CONTROLS = [[5, 37], [6, 8], [7, 14], [8, 34]].flatMap(([theme, count]) =>
  Array.from({ length: count }, (_, i) => `iso27001:2022/A.${theme}.${i + 1}`),
);

/** Pushes `COPIES` copies of the workspace's one assessment, each a new record; returns how many changes. */
async function pushCopies(request: APIRequestContext, page: Page) {
  const { workspace, token, device } = await connectionOf(page);
  const headers = { Authorization: `Bearer ${token}` };
  const base = `/api/v1/workspaces/${workspace}/changes`;
  const pulled = await (await request.get(`${base}?after=0&limit=1000`, { headers })).json();
  const template: Change[] = pulled.changes.map((c: { change: Change }) => c.change).filter((c: Change) => c.kind === "assessment");
  expect(template.length).toBeGreaterThan(5);
  const now = Date.now();
  // A new record arrives whole within one push, so each push carries whole copies.
  const pushes: Change[][] = [[]];
  let total = 0;
  for (let n = 0; n < COPIES; n++) {
    const fields = [
      ...template.map((c) => ({ ...c, value: c.field === "title" ? `Copy ${n + 1}` : c.value })),
      ...CONTROLS.map((key, i) => ({ ...template[0], field: `${key}#rating`, value: { level: (n + i) % 6 } })),
    ];
    const copy = fields.map((c, i) => ({ ...c, record_id: `copy-${n + 1}`, clock: clock(now, n * 1000 + i, device) }));
    if (pushes[pushes.length - 1].length + copy.length > 1000) pushes.push([]);
    pushes[pushes.length - 1].push(...copy);
    total += copy.length;
  }
  for (const changes of pushes) {
    const answer = await request.post(base, { headers, data: { changes } });
    expect(answer.status(), (await answer.text()).slice(0, 400)).toBe(200);
  }
  return total;
}

test("a device joining a large workspace sees the first pull's progress and can type meanwhile", async ({ browser, baseURL, request }) => {
  test.setTimeout(120_000);
  const ada = await person(browser, "Ada");
  await shareNewWorkspace(ada, baseURL!, "Large pull", "Template");
  const pushed = await pushCopies(request, ada);
  expect(pushed).toBeGreaterThan(10_000);
  await ada.getByRole("button", { name: "Make an invite code" }).click();
  const code = (await ada.getByTestId("invite-code").textContent())!.trim();

  const grace = await person(browser, "Grace");
  await openApp(grace, "/settings");
  // Every text the header's sync status shows, as it changes.
  await grace.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { pillTexts: string[] }).pillTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector("[data-testid=sync-pill]")?.textContent ?? "";
      if (seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await grace.getByLabel("Server address").fill(baseURL!);
  await grace.getByLabel("Invite code").fill(code);
  await grace.getByRole("button", { name: "Join with this code" }).click();

  // While the pull runs, Grace types into the profile; every keystroke stays.
  await expect(grace.getByTestId("sync-pill")).toHaveText(/Syncing/);
  await grace.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  const organisation = grace.getByLabel("Organisation", { exact: true });
  await organisation.click();
  await grace.keyboard.type("Grace typed this while the workspace was arriving", { delay: 15 });
  await expect(grace.getByTestId("sync-pill")).toHaveText("Synced", { timeout: 60_000 });
  await expect(organisation).toHaveValue("Grace typed this while the workspace was arriving");

  const texts: string[] = await grace.evaluate(() => (window as unknown as { pillTexts: string[] }).pillTexts);
  const progress = texts.filter((t) => /^Syncing… [\d,]+ of [\d,]+$/.test(t));
  expect(progress.length, texts.join(" | ")).toBeGreaterThan(1);
  // It counts up towards what the server holds.
  const counts = progress.map((t) => Number(t.match(/^Syncing… ([\d,]+) of/)![1].replace(/,/g, "")));
  expect(counts).toEqual([...counts].sort((a, b) => a - b));

  await grace.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assessments" }).click();
  await expect(grace.getByRole("link", { name: `Copy ${COPIES}`, exact: true })).toBeVisible();
  await expect(grace.getByRole("link", { name: /^Copy \d+$/ })).toHaveCount(COPIES);
  await expect(grace.getByRole("link", { name: "Template", exact: true })).toBeVisible();
});
