// The editor's server actions and the catalog's import/export on real Postgres: optimistic
// concurrency ("changed by X at T", nothing half-saved), the audit log (before → after), file-managed
// services refused, deletes refused while incidents are open, export → import round-trips, and
// annotation proposals never overwriting another manager's service.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRoute } from "@/app/api/catalog/export/route";
import { deleteServiceAction } from "@/lib/actions/delete-service";
import { importCatalogAction } from "@/lib/actions/import-catalog";
import { saveServiceAction } from "@/lib/actions/save-service";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { serviceSettingsSchema, settingsFromRow, type ServiceSettingsInput } from "@/lib/services/service-settings";
import { userWithRole } from "@/test/helpers/users";
import { applyAnnotatedServices } from "./apply-annotated-services";
import { applyCatalog } from "./apply-catalog";
import { listServiceAudit } from "./list-service-audit";
import { readServiceSettings } from "./read-service-settings";
import { CATALOG_FILE_ACTOR } from "./sync-catalog-file";

const run = Date.now().toString(36);
let ada: ActingUser;
let bob: ActingUser;
let viewer: ActingUser;

const save = (who: ActingUser, input: Record<string, unknown>) => runAs(who, () => saveServiceAction(input));

function settingsOf(name: string): ServiceSettingsInput {
  return {
    name,
    description: "Takes orders.",
    clusterContext: "prod",
    namespace: "shop",
    deployments: ["web", "worker"],
    healthUrl: "http://web.shop:8080/health",
    promQueries: { errorRate: `sum(rate(http_requests_total{status=~"5..",service="${name}"}[1m]))` },
    triggerPolicy: "notify",
    triggerConfig: { errorRate: { threshold: 0.1 } },
    strategies: { blueGreen: { service: "web", stableColor: "blue", badColor: "green" } },
  };
}

beforeAll(async () => {
  ada = await userWithRole("admin", "ada");
  bob = await userWithRole("admin", "bob");
  viewer = await userWithRole("viewer");
});

describe("saving a service from the editor", () => {
  it("two admins save one service: the second is refused with who changed it and when; nothing is half-saved", async () => {
    const name = `edit-${run}`;
    const created = await save(ada, { settings: settingsOf(name) });
    if (!created.ok) throw new Error(created.error);
    expect(created.data).toMatchObject({ name, revision: 1, managedBy: "editor", outcome: "created" });
    const id = created.data.id;
    const read = (await readServiceSettings(db, id))!;
    expect(read).toMatchObject({ revision: 1, readOnly: null, problems: [], updatedBy: { name: ada.name } });

    // Both opened revision 1.
    const first = await save(ada, {
      id,
      revision: read.revision,
      settings: {
        ...read.settings!,
        triggerConfig: {
          ...read.settings!.triggerConfig,
          errorRate: { ...read.settings!.triggerConfig.errorRate, threshold: 0.2 },
        },
      },
    });
    expect(first).toMatchObject({ ok: true, data: { revision: 2, outcome: "updated" } });
    const second = await save(bob, {
      id,
      revision: read.revision,
      settings: { ...read.settings!, namespace: "bobs", deployments: ["x"] },
    });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.code).toBe("conflict");
    const row = await db.service.findUniqueOrThrow({ where: { id } });
    expect(second.error).toContain(
      `changed by ${ada.name} at ${row.updatedAt.toISOString().slice(0, 19).replace("T", " ")} UTC`,
    );
    expect(row).toMatchObject({
      revision: 2,
      namespace: "shop",
      deployments: ["web", "worker"],
      updatedByName: ada.name,
    });
    expect((row.triggerConfig as { errorRate: { threshold: number } }).errorRate.threshold).toBe(0.2);

    // The audit log: create, then Ada's change with before → after; nothing of Bob's.
    const audit = await listServiceAudit(db, { serviceId: id });
    expect(audit.map((a) => [a.action, a.actor.name])).toEqual([
      ["update", ada.name],
      ["create", ada.name],
    ]);
    expect(audit[0].changes).toEqual([
      { field: "settings.triggerConfig.errorRate.threshold", before: 0.1, after: 0.2 },
    ]);
    expect(audit[0].before).toMatchObject({ managedBy: "editor", settings: { name, namespace: "shop" } });
  });

  it("a save that changes nothing writes nothing", async () => {
    const name = `same-${run}`;
    const c = await save(ada, { settings: settingsOf(name) });
    if (!c.ok) throw new Error(c.error);
    const again = await save(bob, { id: c.data.id, revision: 1, settings: settingsOf(name) });
    expect(again).toMatchObject({ ok: true, data: { revision: 1, outcome: "unchanged" } });
    expect(await listServiceAudit(db, { serviceId: c.data.id })).toHaveLength(1);
  });

  it("refuses invalid settings with field errors, a duplicate name, and a viewer", async () => {
    const bad = await save(ada, { settings: { name: "Not Valid", rolloutTimeoutSec: 1 } });
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    if (!bad.ok) expect(Object.keys(bad.fieldErrors ?? {})).toEqual(["settings.name", "settings.rolloutTimeoutSec"]);
    await save(ada, { settings: { name: `dup-${run}` } });
    expect(await save(bob, { settings: { name: `dup-${run}` } })).toMatchObject({
      ok: false,
      code: "conflict",
      error: `A service named "dup-${run}" already exists.`,
    });
    expect(await save(viewer, { settings: { name: `v-${run}` } })).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("refuses to change or delete a file-managed service, naming the catalog file", async () => {
    const name = `from-file-${run}`;
    process.env.RCC_CATALOG = "/etc/rcc/services.yaml";
    try {
      await applyCatalog(db, [serviceSettingsSchema.parse({ name })], { mode: "file", actor: CATALOG_FILE_ACTOR });
      const row = await db.service.findUniqueOrThrow({ where: { name } });
      expect((await readServiceSettings(db, row.id))?.readOnly).toMatch(/catalog file services\.yaml/);
      const r = await save(ada, { id: row.id, revision: row.revision, settings: { name, namespace: "edited" } });
      expect(r).toMatchObject({ ok: false, code: "forbidden" });
      if (!r.ok)
        expect(r.error).toBe(
          `"${name}" comes from the catalog file services.yaml (RCC_CATALOG) and is read-only here: change it in that file.`,
        );
      expect(await runAs(ada, () => deleteServiceAction({ id: row.id }))).toMatchObject({
        ok: false,
        code: "forbidden",
      });
      expect(await db.service.findUniqueOrThrow({ where: { name } })).toMatchObject({
        namespace: "default",
        revision: 1,
      });
    } finally {
      delete process.env.RCC_CATALOG;
    }
  });
});

describe("deleting a service", () => {
  it("is refused while an incident is open, then allowed and audited; the resolved incident stays", async () => {
    const c = await save(ada, { settings: { name: `del-${run}` } });
    if (!c.ok) throw new Error(c.error);
    const incident = await db.incident.create({ data: { title: "open", severity: "P2", serviceId: c.data.id } });
    const refused = await runAs(ada, () => deleteServiceAction({ id: c.data.id }));
    expect(refused).toMatchObject({
      ok: false,
      code: "conflict",
      error: `"del-${run}" has 1 open incident: resolve it before deleting the service.`,
    });
    await db.incident.update({ where: { id: incident.id }, data: { status: "resolved" } });
    expect(await runAs(ada, () => deleteServiceAction({ id: c.data.id }))).toMatchObject({
      ok: true,
      data: { name: `del-${run}` },
    });
    expect(await db.service.findUnique({ where: { id: c.data.id } })).toBeNull();
    expect(await db.incident.findUnique({ where: { id: incident.id } })).not.toBeNull();
    const [gone] = await listServiceAudit(db, { serviceId: c.data.id });
    expect(gone).toMatchObject({ action: "delete", source: "editor", actor: { name: ada.name }, after: null });
  });
});

describe("export → import", () => {
  it("round-trips to identical settings, through the route handler and the import action", async () => {
    const names = [`rt-a-${run}`, `rt-b-${run}`];
    await save(ada, { settings: settingsOf(names[0]) });
    await save(ada, { settings: { name: names[1], triggerPolicy: "auto", needsSecondApprover: true } });
    const before = await Promise.all(names.map((n) => db.service.findUniqueOrThrow({ where: { name: n } })));
    const url = `http://localhost/api/catalog/export?service=${names[0]}&service=${names[1]}`;

    expect((await runAs(viewer, () => exportRoute(new Request(url)))).status).toBe(403);
    const res = await runAs(ada, () => exportRoute(new Request(url)));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/yaml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="service-catalog-\d{12}\.yaml"$/);
    const yaml = await res.text();
    expect(yaml).toContain(`  - name: ${names[1]}\n    triggerPolicy: auto\n    needsSecondApprover: true\n`);

    // Someone changes and deletes; importing the export puts everything back as it was.
    await save(bob, { id: before[0].id, revision: before[0].revision, settings: { name: names[0] } });
    await runAs(ada, () => deleteServiceAction({ id: before[1].id }));
    const imported = await runAs(ada, () => importCatalogAction({ yaml }));
    expect(imported).toMatchObject({ ok: true, data: { applied: true, created: [names[1]], updated: [names[0]] } });
    for (const b of before) {
      const now = (await readServiceSettings(
        db,
        (await db.service.findUniqueOrThrow({ where: { name: b.name } })).id,
      ))!;
      expect(now.settings).toEqual(settingsFromRow(b).data);
      expect(now.managedBy).toBe("editor");
    }
    const [last] = await listServiceAudit(db, { serviceName: names[0] });
    expect(last).toMatchObject({ source: "import", actor: { name: ada.name } });
  });

  it("an invalid import saves nothing and names service, field and line", async () => {
    const name = `imp-${run}`;
    const yaml = `apiVersion: rollback-command-center.io/v1\nkind: ServiceCatalog\nservices:\n  - name: ${name}\n  - name: ${name}-2\n    rolloutTimeoutSec: 5\n`;
    const r = await runAs(ada, () => importCatalogAction({ yaml }));
    expect(r).toMatchObject({
      ok: true,
      data: { applied: false, errors: [{ service: `${name}-2`, field: "rolloutTimeoutSec", line: 6 }] },
    });
    expect(await db.service.findUnique({ where: { name } })).toBeNull();
  });
});

describe("services proposed by annotations", () => {
  it("are created annotation-managed, and never overwrite an editor-managed one", async () => {
    const mine = `ann-editor-${run}`;
    await save(ada, { settings: { name: mine, namespace: "mine" } });
    const r = await applyAnnotatedServices(db, [
      { settings: { name: `ann-${run}`, namespace: "shop", deployments: ["web"] }, from: ["prod/shop/deployment/web"] },
      { settings: { name: mine, namespace: "theirs" }, from: ["prod/other/deployment/x"] },
      { settings: { name: "Bad Name" }, from: ["prod/x/deployment/y"] },
    ]);
    expect(r.created).toEqual([`ann-${run}`]);
    expect(r.skipped).toEqual([
      { name: mine, reason: `a service named "${mine}" already exists and it is edited in the dashboard` },
    ]);
    expect(r.invalid).toHaveLength(1);
    expect((await db.service.findUniqueOrThrow({ where: { name: mine } })).namespace).toBe("mine");
    expect(await db.service.findUniqueOrThrow({ where: { name: `ann-${run}` } })).toMatchObject({
      managedBy: "annotation",
    });
    const [audit] = await listServiceAudit(db, { serviceName: `ann-${run}` });
    expect(audit).toMatchObject({ source: "annotation", after: { from: ["prod/shop/deployment/web"] } });
  });
});
