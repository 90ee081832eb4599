// The known seed passwords reach only the embedded (or a test) database: `npm run db:seed` and a
// seed() without the marker create no password users, and the marker is refused off this machine.
import { execFileSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/test/postgres/database";
import { EMBEDDED_KNOWN_PASSWORDS, seed } from "./seed";
import { SEED_USERS } from "./seed-users";

const root = path.resolve(import.meta.dirname, "..");
let database: Awaited<ReturnType<typeof createDatabase>>;

async function counts(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const users = await c.query(`SELECT count(*)::int AS n FROM "User" WHERE "passwordHash" IS NOT NULL`);
    const templates = await c.query(`SELECT count(*)::int AS n FROM "NoticeTemplate"`);
    return { passwordUsers: users.rows[0].n as number, templated: (templates.rows[0].n as number) > 0 };
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  database = await createDatabase("rcc_seed");
});
afterAll(async () => {
  await database?.drop();
});

describe("seed", () => {
  it("`npm run db:seed` seeds the templates but no users with known passwords", async () => {
    const out = execFileSync(path.join(root, "node_modules/.bin/tsx"), ["prisma/seed.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url },
      encoding: "utf8",
    });
    expect(out).toContain("No users with known passwords");
    expect(await counts(database.url)).toEqual({ passwordUsers: 0, templated: true });
  });

  it("creates the known-password users only with the embedded marker", async () => {
    await seed(database.url);
    expect((await counts(database.url)).passwordUsers).toBe(0);
    await seed(database.url, { users: EMBEDDED_KNOWN_PASSWORDS });
    expect((await counts(database.url)).passwordUsers).toBe(SEED_USERS.length);
  });

  it("refuses the marker for a database that is not on this machine, without echoing the URL", async () => {
    const remote = "postgres://rcc:s3cret-pw@db.prod.example.com:5432/rcc";
    const err = await seed(remote, { users: EMBEDDED_KNOWN_PASSWORDS }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Refusing to seed the users with known passwords/);
    expect((err as Error).message).not.toMatch(/s3cret|prod\.example/);
  });
});
