import { beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { declareIncidentAction } from "@/lib/actions/declare-incident";
import { addNoteAction } from "@/lib/actions/add-note";
import { updateIncidentStatusAction } from "@/lib/actions/update-incident-status";
import { eventsAfter } from "@/lib/incidents/timeline";
import { rowCounts } from "@/test/helpers/db-snapshot";
import { userWithRole } from "@/test/helpers/users";

describe("incidents and their timeline", () => {
  let commander: ActingUser;
  let responder: ActingUser;
  beforeAll(async () => {
    commander = await userWithRole("commander");
    responder = await userWithRole("responder");
  });

  it("declaring writes the incident and a timeline event with who and when", async () => {
    const r = await runAs(commander, () =>
      declareIncidentAction({ title: "Checkout 5xx", severity: "P1", impact: "orders fail" }),
    );
    expect(r.ok).toBe(true);
    const id = r.ok ? r.data.id : "";
    const events = await eventsAfter(id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "incident.declared", actor: commander.name });
    expect(Date.now() - Date.parse(events[0].createdAt)).toBeLessThan(60_000);
  });

  it("bad input gets field errors and writes nothing", async () => {
    const before = await rowCounts(inject("databaseUrl"));
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "", severity: "P1" }, "title"],
      [{ title: "   ", severity: "P1" }, "title"],
      [{ title: "x".repeat(10_000), severity: "P1" }, "title"],
      [{ title: "ok", severity: "P0" }, "severity"],
      [{ title: "ok", severity: "P1", impact: "y".repeat(10_000) }, "impact"],
      [{ title: "ok", severity: "P1", source: "whatever" }, "source"],
    ];
    for (const [input, field] of cases) {
      const r = await runAs(commander, () => declareIncidentAction(input));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(Object.keys(r.fieldErrors ?? {}), JSON.stringify(input).slice(0, 60)).toContain(field);
    }
    const unknownService = await runAs(commander, () =>
      declareIncidentAction({ title: "ok", severity: "P1", serviceId: "nope" }),
    );
    expect(unknownService).toMatchObject({ ok: false, code: "invalid" });
    expect(await rowCounts(inject("databaseUrl"))).toEqual(before);
  });

  it("HTML and SQL are stored verbatim as data", async () => {
    const title = `<script>alert(1)</script>'; DROP TABLE "Incident"; --`;
    const r = await runAs(commander, () => declareIncidentAction({ title, severity: "P2" }));
    expect(r.ok).toBe(true);
    const row = await db.incident.findUniqueOrThrow({ where: { id: r.ok ? r.data.id : "" } });
    expect(row.title).toBe(title);
  });

  it("notes and status changes go on the timeline in order", async () => {
    const r = await runAs(commander, () => declareIncidentAction({ title: "ordering", severity: "P3" }));
    const id = r.ok ? r.data.id : "";
    await runAs(responder, () => addNoteAction({ incidentId: id, message: "first" }));
    await runAs(commander, () => updateIncidentStatusAction({ incidentId: id, status: "identified" }));
    await runAs(responder, () => addNoteAction({ incidentId: id, message: "second" }));
    const events = await eventsAfter(id);
    expect(events.map((e) => e.kind)).toEqual(["incident.declared", "note", "incident.status", "note"]);
    expect(events.map((e) => e.actor)).toEqual([commander.name, responder.name, commander.name, responder.name]);
    const ids = events.map((e) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    expect(await eventsAfter(id, ids[1])).toHaveLength(2);
    const responderStatus = await runAs(responder, () =>
      updateIncidentStatusAction({ incidentId: id, status: "resolved" }),
    );
    expect(responderStatus).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("the database itself refuses to update, delete or truncate timeline events", async () => {
    const r = await runAs(commander, () => declareIncidentAction({ title: "immutable", severity: "P4" }));
    const id = r.ok ? r.data.id : "";
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      await expect(
        client.query(`UPDATE "TimelineEvent" SET message = 'rewritten' WHERE "incidentId" = $1`, [id]),
      ).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM "TimelineEvent" WHERE "incidentId" = $1`, [id])).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query(`TRUNCATE "TimelineEvent" CASCADE`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
    expect(await eventsAfter(id)).toHaveLength(1);
  });

  it("every insert is announced on the timeline_event channel to other connections", async () => {
    const listener = new pg.Client({ connectionString: inject("databaseUrl") });
    await listener.connect();
    await listener.query("LISTEN timeline_event");
    const got = new Promise<{ incidentId: string; id: string }>((resolve) =>
      listener.on("notification", (m) => resolve(JSON.parse(m.payload!))),
    );
    const r = await runAs(commander, () => declareIncidentAction({ title: "notify", severity: "P4" }));
    const note = await got;
    await listener.end();
    expect(note.incidentId).toBe(r.ok ? r.data.id : "");
    expect(BigInt(note.id)).toBeGreaterThan(0n);
  });
});
