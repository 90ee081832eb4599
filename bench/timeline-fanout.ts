/**
 * Benchmark: how long a timeline event takes from its insert to a live SSE stream — the path a note
 * takes to every open browser (insert → trigger's pg_notify → this process's LISTEN → read → SSE).
 * Uses the real route code (streamTimeline) against a fresh database on the machine's Postgres.
 *
 *   npx tsx bench/timeline-fanout.ts [--events=200] [--streams=20]
 */
import "./server-only-shim";

await main();

async function main() {
  const arg = (k: string, d: number) => Number(process.argv.find((a) => a.startsWith(`--${k}=`))?.split("=")[1] ?? d);
  const events = arg("events", 200);
  const streams = arg("streams", 20);
  const { createDatabase } = await import("../test/postgres/database");
  const database = await createDatabase("rcc_bench");
  process.env.DATABASE_URL = database.url;
  const { db } = await import("../lib/db");
  const { runAs } = await import("../lib/auth/acting-user");
  const { appendEvent } = await import("../lib/incidents/timeline");
  const { streamTimeline } = await import("../lib/incidents/timeline-stream");

  const incident = await db.incident.create({ data: { title: "bench", severity: "P3" } });
  const viewer = { id: "bench-viewer", email: "bench@local", name: "bench", role: "viewer" as const };
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  const readers = await Promise.all(
    Array.from({ length: streams }, async () => {
      const res = await runAs(viewer, () =>
        streamTimeline(new Request(`http://bench/api/incidents/${incident.id}/events`), incident.id),
      );
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      void (async () => {
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          for (const m of buf.matchAll(/"message":"(bench-\d+)"/g)) {
            latencies.push(performance.now() - sentAt.get(m[1])!);
            received++;
          }
          buf = buf.slice(buf.lastIndexOf("\n\n") + 2);
        }
      })();
      return reader;
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < events; i++) {
    const message = `bench-${i}`;
    sentAt.set(message, performance.now());
    await appendEvent({ incidentId: incident.id, kind: "note", actor: "bench", message });
    await new Promise((r) => setTimeout(r, 5));
  }
  const deadline = Date.now() + 10_000;
  while (received < events * streams && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const sorted = latencies.sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  console.log(`timeline fan-out: ${events} events × ${streams} streams, ${received}/${events * streams} delivered`);
  console.log(
    `insert → SSE bytes: p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
  );
  for (const r of readers) await r.cancel();
  await db.$disconnect();
  await database.drop();
  process.exit(received === events * streams ? 0 : 1);
}
