import { expect, type Page, test } from "@playwright/test";
import { createWorkspace, openApp } from "./helpers";

// The app's IndexedDB database (src/store/mod.rs DATABASE_NAME).
const DB = "praxis";
const UPDATED = "Praxis was updated in another tab. Reload this page to continue.";
const OLDER = "This page is an older version of Praxis than the data in this browser. Reload to update.";

/** With PRAXIS_SCREENSHOTS=dir set, keeps a picture of the page for review. */
async function snapshot(page: Page, name: string) {
  const dir = process.env.PRAXIS_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

/** A same-origin page that does not run the app: it reaches the app's database directly. */
async function bareTab(page: Page) {
  await page.goto("/api/health");
}

test("a newer version in another tab takes over the database; this page then refuses newer data", async ({
  context,
}) => {
  const app = await context.newPage();
  await openApp(app);
  await createWorkspace(app, "Two Tabs Ltd");

  // Another tab opens the database at a higher version, as a newer build of Praxis would.
  const newer = await context.newPage();
  await bareTab(newer);
  const outcome = await newer.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open(name, 99);
        request.onblocked = () => resolve("blocked");
        request.onerror = () => resolve(`error: ${request.error?.name}`);
        request.onsuccess = () => {
          const version = request.result.version;
          request.result.close();
          resolve(`opened at ${version}`);
        };
      }),
    DB,
  );
  expect(outcome).toBe("opened at 99");

  // The app's tab let go at once and says so, persistently, with a way out.
  const notice = app.getByTestId("upgrade-notice");
  await expect(notice).toContainText(UPDATED);
  await expect(notice.getByRole("button", { name: "Reload" })).toBeVisible();
  await expect(app.getByText("Reload needed")).toBeVisible();
  await snapshot(app, "upgrade-updated-in-another-tab");
  // What the newer tab writes is not re-read here: the page asks for a reload once instead of
  // stacking one error per write. (Nothing shows when it works, so give the messages a moment.)
  await newer.evaluate(() => {
    const channel = new BroadcastChannel("praxis-writes");
    for (let i = 0; i < 3; i++) channel.postMessage(JSON.stringify({ workspaces: ["any"], records: [] }));
    channel.close();
  });
  await app.waitForTimeout(500);
  await expect(app.getByText(/Could not read workspaces/)).toHaveCount(0);
  // Nothing it tries to save is silently lost: the write fails and says why.
  await app.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await app.getByLabel("Workspace name").fill("After the update");
  await app.getByRole("button", { name: "Create workspace" }).click();
  await expect(app.locator("#new-workspace-error")).toContainText("updated in another tab");
  await expect(notice).toContainText(UPDATED);

  // Reloaded, this (older) build meets data at version 99: it says so, and does not fall back
  // to keeping data in memory. (Should the page ask before leaving, the user agrees.)
  app.on("dialog", (dialog) => dialog.accept());
  await notice.getByRole("button", { name: "Reload" }).click();
  await expect(app.getByTestId("upgrade-notice")).toContainText(OLDER);
  await expect(app.getByText("Not saved: storage blocked")).toHaveCount(0);
  await expect(app.getByText("Reload needed")).toBeVisible();
  await expect(app.getByText("Opening your data…")).toHaveCount(0);
  await expect(app.getByRole("heading", { level: 1 })).toHaveCount(0);
  await snapshot(app, "upgrade-older-than-data");

  // The data is still there, untouched, at version 99.
  const kept = await newer.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          const db = request.result;
          const read = db.transaction("workspaces").objectStore("workspaces").getAll();
          read.onsuccess = () => {
            db.close();
            resolve(`${db.version}: ${read.result.map((w) => w.name).join(", ")}`);
          };
        };
      }),
    DB,
  );
  expect(kept).toBe("99: Two Tabs Ltd");
  await newer.evaluate((name) => indexedDB.deleteDatabase(name), DB);
});

test("an upgrade held up by a tab that does not let go says so, then carries on", async ({ context }) => {
  // A tab of an old build without the versionchange handler: schema version 1, kept open.
  const old = await context.newPage();
  await bareTab(old);
  await old.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore("workspaces", { keyPath: "id" });
          db.createObjectStore("records", { keyPath: "pk" }).createIndex("by_workspace", "workspace");
        };
        request.onsuccess = () => {
          (window as unknown as { held: IDBDatabase }).held = request.result;
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    DB,
  );

  const app = await context.newPage();
  await app.goto("/");
  await expect(app.getByText("Waiting for other Praxis tabs to close…")).toBeVisible();
  await expect(
    app.getByText("Praxis is being updated; close or reload the other tabs that have it open."),
  ).toBeVisible();
  await snapshot(app, "upgrade-waiting-for-other-tabs");

  await old.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
  await expect(app.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(app.getByText("Waiting for other Praxis tabs to close…")).toHaveCount(0);
  await expect(app.getByText("Not saved: storage blocked")).toHaveCount(0);
  await expect(app.getByTestId("upgrade-notice")).toHaveCount(0);
});

test("an upgrade step that fails is rolled back and says so; nothing falls back to memory", async ({ context }) => {
  // Data at schema version 3 that step 4 cannot work on (it has no change feed to index).
  const setup = await context.newPage();
  await bareTab(setup);
  await setup.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open(name, 3);
        request.onupgradeneeded = () => request.result.createObjectStore("other");
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
    DB,
  );

  const app = await context.newPage();
  await app.goto("/");
  const notice = app.getByTestId("upgrade-notice");
  await expect(notice).toContainText("Praxis could not bring the data in this browser up to date");
  await expect(notice).toContainText("step 4");
  await expect(app.getByText("Reload needed")).toBeVisible();
  await expect(app.getByText("Not saved: storage blocked")).toHaveCount(0);
  await expect(app.getByRole("heading", { level: 1 })).toHaveCount(0);
  await snapshot(app, "upgrade-failed");

  // The browser's data is as it was: version 3, with only its own store.
  const kept = await setup.evaluate(
    (name) =>
      new Promise<string>((resolve) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => {
          const db = request.result;
          db.close();
          resolve(`${db.version}: ${[...db.objectStoreNames].join(", ")}`);
        };
      }),
    DB,
  );
  expect(kept).toBe("3: other");
  await setup.evaluate((name) => indexedDB.deleteDatabase(name), DB);
});
