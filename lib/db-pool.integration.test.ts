// The main pool's bounds (lib/db-url.ts mainPoolConfig, used by lib/db.ts): a blackholed Postgres
// fails a query within the connect timeout instead of hanging it, a long statement is cut by the
// server, and the runner's heartbeat skips while one is stuck instead of queueing more.
import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { mainPoolConfig } from "@/lib/db-url";
import { db } from "@/lib/db";
import { RunnerClaim } from "@/lib/rollback/claim";

const timeouts = { connectMs: 500, statementMs: 300, idleInTransactionMs: 1_000 };

// Accepts TCP connections and never answers: what a Postgres behind a dropped route looks like.
let blackhole: net.Server;
let accepted = 0;
const sockets: net.Socket[] = [];
let blackholeUrl: string;

beforeAll(async () => {
  blackhole = net.createServer((s) => {
    accepted++;
    sockets.push(s);
  });
  await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
  const { port } = blackhole.address() as net.AddressInfo;
  blackholeUrl = `postgres://rcc:secret@127.0.0.1:${port}/rcc`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => blackhole.close(r));
});

const clientFor = (url: string) => new PrismaClient({ adapter: new PrismaPg(mainPoolConfig(url, timeouts)) });

describe("main database pool", () => {
  it("a blackholed Postgres fails a query within the connect timeout", async () => {
    const client = clientFor(blackholeUrl);
    const t0 = Date.now();
    const error = await client.$queryRaw`SELECT 1`.then(
      () => null,
      (e: unknown) => e,
    );
    const elapsed = Date.now() - t0;
    expect(error).toBeInstanceOf(Error);
    expect(elapsed).toBeLessThan(timeouts.connectMs + 2_500);
    expect(String((error as Error).message)).not.toContain("secret");
    await client.$disconnect();
  });

  it("the server cuts a statement at the statement timeout and sets the idle-in-transaction one", async () => {
    const client = clientFor(inject("databaseUrl"));
    const t0 = Date.now();
    await expect(client.$queryRaw`SELECT pg_sleep(5)`).rejects.toThrow(/statement timeout/i);
    expect(Date.now() - t0).toBeLessThan(3_000);
    const [idle] = await client.$queryRaw<
      { v: string }[]
    >`SELECT current_setting('idle_in_transaction_session_timeout') AS v`;
    expect(idle.v).toBe("1s");
    await client.$disconnect();
  });

  it("the app's own client has the documented defaults (connect 5 s, statement 30 s, idle in transaction 10 s)", async () => {
    const [row] = await db.$queryRaw<{ statement: string; idle: string }[]>`
      SELECT current_setting('statement_timeout') AS statement,
             current_setting('idle_in_transaction_session_timeout') AS idle`;
    expect(row).toEqual({ statement: "30s", idle: "10s" });
  });

  it("a heartbeat stuck on the database makes the next ones skip instead of queueing", async () => {
    const client = clientFor(blackholeUrl);
    const claim = new RunnerClaim("action-1", "runner-a", 1, client);
    const before = accepted;
    const first = claim.beat();
    // While the first is in flight, every further beat returns at once without touching the pool.
    expect(await claim.beat()).toBe("skipped");
    expect(await claim.beat()).toBe("skipped");
    expect(await first).toBe("unreachable");
    expect(accepted - before).toBe(1);
    expect(claim.lost).toBeNull();
    await client.$disconnect();
  });
});
