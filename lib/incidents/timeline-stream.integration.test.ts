// Live timeline streams on the real Postgres (insert trigger → pg_notify → one LISTEN per process):
// every stream gets every row once and in order, the database is read once per notification for all
// streams of an incident, and a stream nobody reads holds a bounded queue and catches up from the
// database when its reader comes back.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runAs } from "@/lib/auth/acting-user";
import { appendEvent } from "@/lib/incidents/timeline";
import { streamTimeline } from "@/lib/incidents/timeline-stream";
import { metrics } from "@/lib/observability/metrics";

const viewer = { id: "stream-viewer", email: "stream@local", name: "viewer", role: "viewer" as const };

async function open(incidentId: string) {
  const res = await runAs(viewer, () =>
    streamTimeline(new Request(`http://test/api/incidents/${incidentId}/events`), incidentId),
  );
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buf = "";
  const ids: number[] = [];
  const messages: string[] = [];
  /** Reads until `n` timeline rows have arrived (or the deadline). */
  const readUntil = async (n: number, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (ids.length < n && Date.now() < deadline) {
      const { value, done } = await Promise.race([
        reader.read(),
        new Promise<{ value: undefined; done: false }>((r) =>
          setTimeout(() => r({ value: undefined, done: false }), 200),
        ),
      ]);
      if (done) break;
      if (!value) continue;
      buf += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buf.indexOf("\n\n")) !== -1) {
        const frame = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(frame)?.[1];
        const data = /^data: (.*)$/m.exec(frame)?.[1];
        if (id && data && /^event: timeline$/m.test(frame)) {
          ids.push(Number(id));
          messages.push((JSON.parse(data) as { message: string }).message);
        }
      }
    }
    return { ids, messages };
  };
  return { readUntil, close: () => reader.cancel() };
}

const readsOf = async (reason: "shared" | "catch-up") =>
  (await metrics.timelineReads.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

describe("live timeline streams", () => {
  it("delivers every row once, in order, with one read per notification for all streams", async () => {
    const incident = await db.incident.create({ data: { title: "streams", severity: "P3" } });
    const streams = await Promise.all(Array.from({ length: 20 }, () => open(incident.id)));
    await Promise.all(streams.map((s) => s.readUntil(0, 300))); // backlogs read, joined live
    const sharedBefore = await readsOf("shared");
    for (let i = 0; i < 10; i++) {
      await appendEvent({ incidentId: incident.id, kind: "note", actor: "t", message: `m${i}` });
      await new Promise((r) => setTimeout(r, 30));
    }
    const got = await Promise.all(streams.map((s) => s.readUntil(10)));
    for (const g of got) expect(g.messages).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    // About one per notification (plus the feed's first read; some coalesce); one per stream would be 200.
    expect((await readsOf("shared")) - sharedBefore).toBeLessThanOrEqual(12);
    await Promise.all(streams.map((s) => s.close()));
  });

  it("lets a stream nobody reads fall behind and catch up, losing nothing", async () => {
    const incident = await db.incident.create({ data: { title: "slow reader", severity: "P3" } });
    const slow = await open(incident.id);
    const fast = await open(incident.id);
    await Promise.all([slow.readUntil(0, 300), fast.readUntil(0, 300)]);
    const filler = "x".repeat(2000); // 300 rows × 2 kB: more than one client queue (256 kB)
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < 300; i++)
          await appendEvent({ incidentId: incident.id, kind: "note", actor: "t", message: `r${i} ${filler}` }, tx);
      },
      { timeout: 60_000 },
    );
    const f = await fast.readUntil(300);
    expect(f.ids).toHaveLength(300);
    const s = await slow.readUntil(300);
    expect(s.ids).toEqual(f.ids);
    expect(new Set(s.ids).size).toBe(300);
    expect(s.messages.map((m) => m.split(" ")[0])).toEqual(Array.from({ length: 300 }, (_, i) => `r${i}`));
    await Promise.all([slow.close(), fast.close()]);
  });
});
