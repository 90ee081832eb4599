// The live rows of one incident, shared by every open stream of it in this process. A notification
// marks the feed stale; the first stream to ask then reads the new rows once (every other stream
// waits for that same read), and each row is encoded to its SSE frame once. Streams take the rows
// after their own cursor from the shared window; a stream whose cursor is older than the window
// (it was slow, or just connected with an old Last-Event-ID) reads its own catch-up from the database.
// So the database sees one read per notification per incident, not one per stream.

export type FeedRow = { id: bigint; frame: Uint8Array };
/** Rows after `afterId`, oldest first, at most `limit`. */
export type ReadRows = (afterId: bigint, limit: number) => Promise<FeedRow[]>;

const PAGE = 500;

export class IncidentFeed {
  /** Rows with floor < id ≤ head, contiguous (the trigger numbers an incident's rows in commit order). */
  private window: FeedRow[] = [];
  private floor: bigint | null = null;
  private stale = true;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly read: ReadRows,
    /** A stream's own read, for a cursor older than the window. */
    private readonly catchUp: ReadRows = read,
    private readonly maxRows = 2000,
  ) {}

  /** A notification: there are rows after the head. */
  invalidate() {
    this.stale = true;
  }

  /** Rows after `cursor` (at most one page), from the shared window when it covers them. */
  async rowsAfter(cursor: bigint): Promise<FeedRow[]> {
    if (this.floor === null) {
      // First use: the window starts where this stream is (it has read its backlog up to here).
      this.floor = cursor;
      this.stale = true;
    }
    if (cursor < this.floor) return this.catchUp(cursor, PAGE);
    // Wait for a read in flight (it may hold this stream's rows), then for one more if a
    // notification came during it; at most two, so a busy incident cannot starve a stream.
    for (let i = 0; i < 2 && (this.stale || this.refreshing); i++) await (this.refreshing ?? this.refresh());
    const start = this.window.findIndex((r) => r.id > cursor);
    return start === -1 ? [] : this.window.slice(start, start + PAGE);
  }

  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        // Cleared before reading: a notification that lands during the read makes another one.
        this.stale = false;
        for (;;) {
          const head = this.window.at(-1)?.id ?? this.floor!;
          const rows = await this.read(head, PAGE);
          this.window.push(...rows);
          if (rows.length < PAGE) break;
        }
        const excess = this.window.length - this.maxRows;
        if (excess > 0) this.floor = this.window.splice(0, excess).at(-1)!.id;
      } catch (e) {
        this.stale = true;
        throw e;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}
