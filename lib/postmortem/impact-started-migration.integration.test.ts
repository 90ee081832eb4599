// The issue-17 migration on the real Postgres, from rows as the previous release wrote them: a first
// breach stored as "detectedAt" moves to "impactStartedAt" and detection becomes the rule's firing;
// what cannot be derived stays unknown; a person's entry stays theirs. Untouched default checklist
// templates become the runbook's items; a phase a team edited is left as it is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, readMigrations } from "@/lib/db-migrate";
import { RUNBOOK_CHECKLIST } from "@/lib/checklists/runbook";
import { adminQuery, databaseUrlFor, ensurePostgres } from "@/test/postgres/database";

const MIGRATION = "20261202010000_impact_started_runbook_checklists";
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");
const dbName = `rcc_impact_mig_${Date.now().toString(36)}_${process.pid}`;
const quiet = () => {};

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
});

/** The previous release's migrations only (everything before this one), in a temporary folder. */
function olderMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-before-impact-"));
  for (const m of readMigrations(migrationsDir).filter((x) => x.name < MIGRATION))
    fs.cpSync(path.join(migrationsDir, m.name), path.join(dir, m.name), { recursive: true });
  return dir;
}

// Two phases of the previous defaults, as the previous seed wrote them.
const OLD_IMMEDIATE = [
  "Declare the incident, set severity and name the incident commander",
  "Open the incident channel and post the first internal update",
  "Identify the last change (deploy, config, flag, migration) and its time",
  "Decide: roll back, roll forward or mitigate; record the decision on the timeline",
  "Freeze further deploys to the affected service",
  "Capture evidence before rolling back (logs, pod state, metrics snapshot)",
  "Roll back and watch the rollout to completion",
  "Verify: pods on the known-good image, health endpoints, error rate, smoke tests",
  "Post the first customer notice if users are affected",
];

describe(`migration ${MIGRATION}`, () => {
  it("moves recorded first breaches to impact started, keeps the rest, and refreshes unedited checklists", async () => {
    await ensurePostgres();
    await adminQuery(`CREATE DATABASE "${dbName}"`);
    const url = databaseUrlFor(dbName);
    const older = olderMigrations();
    try {
      await migrateDatabase(url, older, { log: quiet });
    } finally {
      fs.rmSync(older, { recursive: true, force: true });
    }

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const q = (sql: string, params: unknown[] = []) => c.query(sql, params);
      const incident = (id: string, detectedAt: string | null, source = "auto-trigger") =>
        q(
          `INSERT INTO "Incident" (id, title, severity, source, "detectedAt", "declaredAt", "updatedAt")
           VALUES ($1, $1, 'P2', $2, $3, '2026-03-04T10:00:40Z', now())`,
          [id, source, detectedAt],
        );
      const event = (incidentId: string, kind: string, createdAt: string, payload: object) =>
        q(
          `INSERT INTO "TimelineEvent" ("incidentId", kind, actor, message, payload, "createdAt")
           VALUES ($1, $2, 'auto-trigger', $2, $3, $4)`,
          [incidentId, kind, JSON.stringify(payload), createdAt],
        );

      // A trigger incident: detectedAt was the first breach (10:00:04), the rule fired at 10:00:35.
      await incident("trig", "2026-03-04T10:00:04Z");
      await event("trig", "trigger.fired", "2026-03-04T10:00:35Z", { breachSince: "2026-03-04T10:00:04.000Z" });
      await event("trig", "trigger.fired", "2026-03-04T10:02:00Z", { breachSince: "2026-03-04T10:01:30.000Z" });
      // Declared by a person (manual trigger): detectedAt is the declaration, kept; impact unknown.
      await incident("manual", "2026-03-04T10:00:40Z", "user_reports");
      // A commander entered detectedAt that happens to equal the breach: their word, kept.
      await incident("entered", "2026-03-04T10:00:04Z");
      await event("entered", "trigger.fired", "2026-03-04T10:00:35Z", { breachSince: "2026-03-04T10:00:04.000Z" });
      await event("entered", "metrics.updated", "2026-03-04T11:00:00Z", { detectedAt: "2026-03-04T10:00:04.000Z" });
      // No detection time at all: stays unknown.
      await incident("none", null, "manual");

      // Checklist templates: "immediate" untouched since the seed, "prevention" edited by a team.
      for (const [i, text] of OLD_IMMEDIATE.entries())
        await q(`INSERT INTO "ChecklistTemplate" (id, phase, text, position) VALUES ($1, 'immediate', $2, $3)`, [
          `old-${i}`,
          text,
          i,
        ]);
      await q(
        `INSERT INTO "ChecklistTemplate" (id, phase, text, position) VALUES ('team-1', 'prevention', 'Our own item', 0)`,
      );

      const applied = await migrateDatabase(url, migrationsDir, { log: quiet });
      expect(applied.applied).toContain(MIGRATION);

      // As text in UTC (the columns have no zone; node-pg would read them in the process's zone).
      const utc = (col: string) => `to_char("${col}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      const rows = await q(`SELECT id, ${utc("impactStartedAt")} AS i, ${utc("detectedAt")} AS d FROM "Incident"`);
      const byId = Object.fromEntries(rows.rows.map((r) => [r.id, [r.i, r.d]]));
      expect(byId).toEqual({
        trig: ["2026-03-04T10:00:04.000Z", "2026-03-04T10:00:35.000Z"],
        manual: [null, "2026-03-04T10:00:40.000Z"],
        entered: [null, "2026-03-04T10:00:04.000Z"],
        none: [null, null],
      });

      const templates = async (phase: string) =>
        (await q(`SELECT text FROM "ChecklistTemplate" WHERE phase = $1 ORDER BY position`, [phase])).rows.map(
          (r) => r.text,
        );
      expect(await templates("immediate")).toEqual([...RUNBOOK_CHECKLIST.immediate]);
      expect(await templates("prevention")).toEqual(["Our own item"]);
      // A phase with no templates was not "the old defaults": left empty (the seed fills an empty table).
      expect(await templates("long_term")).toEqual([]);
    } finally {
      await c.end();
    }
  });
});
