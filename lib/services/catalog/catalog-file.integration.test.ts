// The catalog file on real Postgres: loaded at start, refused whole when invalid (with the field and
// its line) while the last good catalog stays, re-applied on change (also a ConfigMap-style symlink
// swap), the file winning over the editor, and services leaving the file without losing incidents.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { saveService } from "./save-service";
import { startCatalogWatcher, type CatalogWatcher } from "./watch-catalog-file";
import { listServiceAudit } from "./list-service-audit";

const run = Date.now().toString(36);
const A = `file-a-${run}`;
const B = `file-b-${run}`;
const C = `file-c-${run}`;

const catalog = (entries: string) =>
  `apiVersion: rollback-command-center.io/v1\nkind: ServiceCatalog\nservices:\n${entries}`;

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let dir: string;
let file: string;
let watcher: CatalogWatcher;
const logs: string[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "rcc-catalog-"));
  file = path.join(dir, "catalog.yaml");
  await fs.writeFile(
    file,
    catalog(`  - name: ${A}\n    namespace: shop\n    deployments: [web]\n  - name: ${B}\n    deployments: [api]\n`),
  );
  watcher = startCatalogWatcher({
    path: file,
    databaseUrl: inject("databaseUrl"),
    pollMs: 300,
    debounceMs: 50,
    log: (m) => logs.push(m),
  });
});

afterAll(async () => {
  await watcher?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

describe("the catalog file (RCC_CATALOG)", () => {
  it("loads on start: its services exist, file-managed, audited as the system user", async () => {
    const status = await watcher.checkNow();
    expect(status).toMatchObject({ ok: true, leader: true, errors: [], path: file });
    expect(status.lastGood?.services).toEqual([A, B]);
    const a = await db.service.findUniqueOrThrow({ where: { name: A } });
    expect(a).toMatchObject({
      managedBy: "file",
      namespace: "shop",
      deployments: ["web"],
      updatedByName: "catalog file",
    });
    const [audit] = await listServiceAudit(db, { serviceName: A });
    expect(audit).toMatchObject({
      action: "create",
      source: "file",
      actor: { id: "system-auto-trigger", name: "catalog file" },
    });
  });

  it("refuses an invalid file whole, naming service, field and line; the previous catalog stays", async () => {
    await fs.writeFile(
      file,
      catalog(
        `  - name: ${A}\n    namespace: changed\n    deployments: [web]\n  - name: ${B}\n    triggerConfig:\n      errorRate:\n        threshold: 5\n`,
      ),
    );
    // No checkNow: the watcher notices the change by itself.
    const status = await until("the refusal", async () => {
      const s = watcher.status();
      return s.ok === false ? s : null;
    });
    expect(status.errors).toEqual([
      {
        service: B,
        field: "triggerConfig.errorRate.threshold",
        line: 10,
        message: "Too big: expected number to be <=1",
      },
    ]);
    expect(status.lastGood?.services).toEqual([A, B]);
    // Nothing of the refused file was applied, not even A's valid change.
    expect((await db.service.findUniqueOrThrow({ where: { name: A } })).namespace).toBe("shop");
    expect(logs.join("\n")).toContain(`line 10 ${B} triggerConfig.errorRate.threshold`);
  });

  it("applies an edited file, also when a ConfigMap mount swaps its symlink", async () => {
    await fs.writeFile(
      file,
      catalog(`  - name: ${A}\n    namespace: edited\n  - name: ${B}\n    deployments: [api]\n`),
    );
    // The status is set once the apply has committed: wait for both, not for the row alone.
    await until(
      "the edit",
      async () =>
        watcher.status().ok === true && (await db.service.findUnique({ where: { name: A } }))?.namespace === "edited",
    );
    expect(watcher.status()).toMatchObject({ ok: true, errors: [] });
    const [update] = await listServiceAudit(db, { serviceName: A });
    expect(update.changes).toEqual(
      expect.arrayContaining([
        { field: "settings.namespace", before: "shop", after: "edited" },
        { field: "settings.deployments", before: ["web"], after: [] },
      ]),
    );

    // Kubernetes' layout: catalog.yaml → ..data/catalog.yaml, ..data → ..<timestamp>/ (swapped atomically).
    const mount = path.join(dir, "mount");
    await fs.mkdir(path.join(mount, "..v1"), { recursive: true });
    await fs.writeFile(path.join(mount, "..v1", "catalog.yaml"), await fs.readFile(file, "utf8"));
    await fs.symlink("..v1", path.join(mount, "..data"));
    await fs.symlink("..data/catalog.yaml", path.join(mount, "catalog.yaml"));
    const mounted = startCatalogWatcher({
      path: path.join(mount, "catalog.yaml"),
      databaseUrl: inject("databaseUrl"),
      pollMs: 300,
      debounceMs: 50,
      log: () => {},
    });
    await watcher.stop(); // one leader at a time in this test: the mounted one takes over
    try {
      await until("the mounted watcher's first load", async () => mounted.status().ok === true);
      await fs.mkdir(path.join(mount, "..v2"));
      await fs.writeFile(
        path.join(mount, "..v2", "catalog.yaml"),
        catalog(`  - name: ${A}\n    namespace: swapped\n  - name: ${B}\n    deployments: [api]\n`),
      );
      await fs.symlink("..v2", path.join(mount, "..data_tmp"));
      await fs.rename(path.join(mount, "..data_tmp"), path.join(mount, "..data"));
      await until(
        "the swap",
        async () => (await db.service.findUnique({ where: { name: A } }))?.namespace === "swapped",
      );
    } finally {
      await mounted.stop();
    }
    watcher = startCatalogWatcher({
      path: file,
      databaseUrl: inject("databaseUrl"),
      pollMs: 300,
      debounceMs: 50,
      log: (m) => logs.push(m),
    });
    await watcher.checkNow();
  });

  it("wins over an editor-managed service of the same name (audited)", async () => {
    const admin = { id: null, name: "Ada Admin" };
    await saveService(db, { settings: { name: C, namespace: "by-editor" } }, { actor: admin });
    await fs.writeFile(
      file,
      catalog(`  - name: ${A}\n  - name: ${B}\n    deployments: [api]\n  - name: ${C}\n    namespace: by-file\n`),
    );
    await until(
      "C taken over",
      async () => (await db.service.findUnique({ where: { name: C } }))?.managedBy === "file",
    );
    expect((await db.service.findUniqueOrThrow({ where: { name: C } })).namespace).toBe("by-file");
    const [takeover] = await listServiceAudit(db, { serviceName: C });
    expect(takeover).toMatchObject({ action: "update", source: "file" });
    expect(takeover.changes).toEqual(expect.arrayContaining([{ field: "managedBy", before: "editor", after: "file" }]));
  });

  it("services gone from the file: deleted when unreferenced, handed to the editor when incidents point at them", async () => {
    const b = await db.service.findUniqueOrThrow({ where: { name: B } });
    const incident = await db.incident.create({ data: { title: "kept", severity: "P3", serviceId: b.id } });
    await fs.writeFile(file, catalog(`  - name: ${A}\n`));
    await until("C removed", async () => (await db.service.findUnique({ where: { name: C } })) === null);
    const after = await db.service.findUniqueOrThrow({ where: { name: B } });
    expect(after.managedBy).toBe("editor");
    expect((await db.incident.findUniqueOrThrow({ where: { id: incident.id } })).serviceId).toBe(b.id);
    expect(watcher.status().lastApplied).toMatchObject({ removed: [C], detached: [B], unchanged: [A] });
    const [gone] = await listServiceAudit(db, { serviceName: C });
    expect(gone).toMatchObject({ action: "delete", source: "file", after: null });
  });

  it("a second replica validates but does not apply (the leader does)", async () => {
    const follower = startCatalogWatcher({ path: file, databaseUrl: inject("databaseUrl"), pollMs: 0, log: () => {} });
    try {
      const s = await follower.checkNow();
      expect(s).toMatchObject({ ok: true, leader: false, lastApplied: null });
    } finally {
      await follower.stop();
    }
  });
});
