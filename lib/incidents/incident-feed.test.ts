import { describe, expect, it } from "vitest";
import { IncidentFeed, firstAfter, type FeedRow } from "./incident-feed";

/** A fake table of rows 1..n and a counter of reads: the feed's only dependency is this function. */
function table() {
  const rows: FeedRow[] = [];
  const reads: bigint[] = [];
  return {
    rows,
    reads,
    insert(n: number) {
      for (let i = 0; i < n; i++) rows.push({ id: BigInt(rows.length + 1), frame: new Uint8Array([rows.length + 1]) });
    },
    read: async (after: bigint, limit: number) => {
      reads.push(after);
      await new Promise((r) => setTimeout(r, 1));
      return rows.filter((r) => r.id > after).slice(0, limit);
    },
  };
}

describe("IncidentFeed", () => {
  it("reads once per notification however many streams ask", async () => {
    const t = table();
    t.insert(3);
    const feed = new IncidentFeed(t.read);
    expect((await feed.rowsAfter(3n)).length).toBe(0);
    t.reads.length = 0;
    t.insert(2);
    feed.invalidate();
    const got = await Promise.all(Array.from({ length: 500 }, () => feed.rowsAfter(3n)));
    expect(t.reads).toEqual([3n]);
    for (const rows of got) expect(rows.map((r) => r.id)).toEqual([4n, 5n]);
    // Nothing new: no read at all.
    await feed.rowsAfter(5n);
    expect(t.reads).toEqual([3n]);
  });

  it("gives each stream only the rows after its own cursor", async () => {
    const t = table();
    const feed = new IncidentFeed(t.read);
    await feed.rowsAfter(0n);
    t.insert(4);
    feed.invalidate();
    expect((await feed.rowsAfter(2n)).map((r) => r.id)).toEqual([3n, 4n]);
    expect((await feed.rowsAfter(0n)).map((r) => r.id)).toEqual([1n, 2n, 3n, 4n]);
  });

  it("sends a stream older than the window to the database, and keeps the window bounded", async () => {
    const t = table();
    const feed = new IncidentFeed(t.read, t.read, 10);
    await feed.rowsAfter(0n);
    t.insert(25);
    feed.invalidate();
    expect((await feed.rowsAfter(20n)).map((r) => Number(r.id))).toEqual([21, 22, 23, 24, 25]);
    t.reads.length = 0;
    // Row 5 fell out of the ten-row window: this slow stream catches up with its own read.
    expect((await feed.rowsAfter(5n))[0].id).toBe(6n);
    expect(t.reads).toEqual([5n]);
  });

  it("does not lose a notification that arrives during a read", async () => {
    const t = table();
    const feed = new IncidentFeed(t.read);
    await feed.rowsAfter(0n);
    t.insert(1);
    feed.invalidate();
    const first = feed.rowsAfter(0n);
    t.insert(1); // committed after the read started…
    feed.invalidate(); // …and announced while it runs
    await first;
    expect((await feed.rowsAfter(1n)).map((r) => r.id)).toEqual([2n]);
  });

  it("retries after a failed read instead of serving a stale window", async () => {
    const t = table();
    let fail = true;
    const feed = new IncidentFeed(async (after, limit) => {
      if (fail) throw new Error("connection reset");
      return t.read(after, limit);
    });
    await expect(feed.rowsAfter(0n)).rejects.toThrow("connection reset");
    fail = false;
    t.insert(1);
    expect((await feed.rowsAfter(0n)).map((r) => r.id)).toEqual([1n]);
  });
});

describe("firstAfter", () => {
  it("finds the first row after any cursor, before, between, on and past the ids", () => {
    const rows = [2n, 4n, 6n].map((id) => ({ id, frame: new Uint8Array() }));
    const cases: [bigint, number][] = [
      [0n, 0],
      [2n, 1],
      [3n, 1],
      [5n, 2],
      [6n, 3],
      [9n, 3],
    ];
    for (const [cursor, index] of cases) expect(firstAfter(rows, cursor), `cursor ${cursor}`).toBe(index);
    expect(firstAfter([], 5n)).toBe(0);
  });
});

describe("IncidentFeed.backlog", () => {
  it("shares one read among streams resuming from the same cursor at once", async () => {
    const t = table();
    t.insert(5);
    const feed = new IncidentFeed(t.read);
    const pages = await Promise.all([feed.backlog(2n), feed.backlog(2n), feed.backlog(2n), feed.backlog(4n)]);
    expect(pages.map((p) => p.map((r) => r.id))).toEqual([[3n, 4n, 5n], [3n, 4n, 5n], [3n, 4n, 5n], [5n]]);
    expect(t.reads).toEqual([2n, 4n]);
    // Once answered, the next ask reads again: new rows may have come.
    t.insert(1);
    expect((await feed.backlog(4n)).map((r) => r.id)).toEqual([5n, 6n]);
    expect(t.reads).toEqual([2n, 4n, 4n]);
  });

  it("does not share a read that started before a notification: it may miss the announced row", async () => {
    const t = table();
    t.insert(2);
    // A read whose snapshot is taken when it starts, as a statement's is.
    const snapshotRead = async (after: bigint, limit: number) => {
      t.reads.push(after);
      const seen = t.rows.filter((r) => r.id > after).slice(0, limit);
      await new Promise((r) => setTimeout(r, 1));
      return seen;
    };
    const feed = new IncidentFeed(snapshotRead);
    const early = feed.backlog(0n); // sees rows 1..2 only: row 3 commits after its snapshot
    t.insert(1);
    feed.invalidate(); // row 3's notification: a stream woken by it must see row 3
    const woken = feed.backlog(0n);
    expect((await woken).map((r) => r.id)).toEqual([1n, 2n, 3n]);
    expect(t.reads).toEqual([0n, 0n]);
    expect((await early).map((r) => r.id)).toEqual([1n, 2n]);
  });
});
