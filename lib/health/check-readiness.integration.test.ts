// Readiness (GET /api/ready) against the real Postgres: 200 while it answers, 503 with a fixed
// reason (no host, user or driver text) against a blackholed and a stopped database, and 503
// once the replica drains. Liveness (GET /api/health) needs no database.
import net from "node:net";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { mainPoolConfig } from "@/lib/db-url";
import { checkReadiness, markDraining } from "@/lib/health/check-readiness";
import { GET as ready } from "@/app/api/ready/route";
import { GET as health } from "@/app/api/health/route";

const timeouts = { connectMs: 10_000, statementMs: 10_000, idleInTransactionMs: 10_000 };
const clientFor = (url: string) => new PrismaClient({ adapter: new PrismaPg(mainPoolConfig(url, timeouts)) });

let blackhole: net.Server;
const sockets: net.Socket[] = [];
let blackholeUrl: string;
let stoppedUrl: string;

beforeAll(async () => {
  blackhole = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
  blackholeUrl = `postgres://rcc:secret@127.0.0.1:${(blackhole.address() as net.AddressInfo).port}/rcc`;
  // A port nobody listens on: a stopped database.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  stoppedUrl = `postgres://rcc:secret@127.0.0.1:${(probe.address() as net.AddressInfo).port}/rcc`;
  await new Promise((r) => probe.close(r));
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => blackhole.close(r));
});

const req = (p: string) => new Request(`http://localhost${p}`);

describe("readiness and liveness", () => {
  it("is ready (200) while the real database answers", async () => {
    const res = await ready(req("/api/ready"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready" });
  });

  it("is not ready against a blackholed database, within the short timeout, naming nothing", async () => {
    const client = clientFor(blackholeUrl);
    const t0 = Date.now();
    const r = await checkReadiness({ client, timeoutMs: 500 });
    expect(Date.now() - t0).toBeLessThan(2_000); // the pool's own connect timeout is 10 s here
    expect(r).toEqual({ ready: false, reason: "database unreachable" });
    expect(sockets.length).toBeGreaterThan(0); // it did try the blackhole
    void client.$disconnect().catch(() => {});
  });

  it("is not ready against a stopped database", async () => {
    const client = clientFor(stoppedUrl);
    expect(await checkReadiness({ client, timeoutMs: 1_000 })).toEqual({
      ready: false,
      reason: "database unreachable",
    });
    await client.$disconnect().catch(() => {});
  });

  it("liveness answers without a database; a draining replica is not ready (503)", async () => {
    const live = await health(req("/api/health"));
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });

    markDraining();
    const res = await ready(req("/api/ready"));
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toEqual({ status: "not ready", reason: "draining" });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|postgres|secret/);
  });
});
