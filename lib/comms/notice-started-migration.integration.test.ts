// The notice-template migration on the real Postgres, from rows as the previous seed wrote them: the
// seeded customer templates' "Started" line becomes impact started ({{incident.startedAt}}); a line
// an admin edited, and the internal template's "Time detected", stay as they are.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase, readMigrations } from "@/lib/db-migrate";
import { adminQuery, databaseUrlFor, ensurePostgres } from "@/test/postgres/database";

const MIGRATION = "20261202050000_notice_started_placeholder";
const migrationsDir = path.resolve(import.meta.dirname, "../../prisma/migrations");
const dbName = `rcc_notice_mig_${Date.now().toString(36)}_${process.pid}`;
const quiet = () => {};

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
});

function migrationsUpTo(last: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rcc-before-notice-"));
  for (const m of readMigrations(migrationsDir).filter((x) => x.name <= last))
    fs.cpSync(path.join(migrationsDir, m.name), path.join(dir, m.name), { recursive: true });
  return dir;
}

async function migrate(url: string, dir: string) {
  try {
    await migrateDatabase(url, dir, { log: quiet });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe(`migration ${MIGRATION}`, () => {
  it("points the seeded customer notices' Started line at impact started and leaves edited text alone", async () => {
    await ensurePostgres();
    await adminQuery(`CREATE DATABASE "${dbName}"`);
    const url = databaseUrlFor(dbName);
    const before = readMigrations(migrationsDir).filter((x) => x.name < MIGRATION);
    await migrate(url, migrationsUpTo(before.at(-1)!.name));

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const template = (name: string, kind: string, body: string) =>
        c.query(
          `INSERT INTO "NoticeTemplate" (id, kind, name, title, body, "updatedAt") VALUES ($1, $2, $1, 't', $3, now())`,
          [name, kind, body],
        );
      await template(
        "Service disruption notice",
        "customer",
        "**Impact:** x\n\n**Started:** {{incident.detectedAt}}\n",
      );
      await template("Service restored notice", "customer", "**Started:** {{incident.detectedAt}}\n**Resolved:** y\n");
      await template("Incident Notification", "internal", "- **Time detected:** {{incident.detectedAt}}\n");
      // A team's own customer template, and a seeded one whose line an admin rewrote.
      await template("Our own notice", "customer", "**Started:** {{incident.detectedAt}}\n");
      await c.query(
        `UPDATE "NoticeTemplate" SET body = 'Began around {{incident.detectedAt}}' WHERE name = 'Service restored notice'`,
      );

      await migrate(url, migrationsUpTo(MIGRATION));

      const rows = await c.query<{ name: string; body: string }>(`SELECT name, body FROM "NoticeTemplate"`);
      const body = Object.fromEntries(rows.rows.map((r) => [r.name, r.body]));
      expect(body["Service disruption notice"]).toBe("**Impact:** x\n\n**Started:** {{incident.startedAt}}\n");
      expect(body["Service restored notice"]).toBe("Began around {{incident.detectedAt}}");
      expect(body["Incident Notification"]).toBe("- **Time detected:** {{incident.detectedAt}}\n");
      expect(body["Our own notice"]).toBe("**Started:** {{incident.detectedAt}}\n");
    } finally {
      await c.end();
    }
  });
});
