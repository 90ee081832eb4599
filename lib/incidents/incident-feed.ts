// The live rows of one incident, shared by every open stream of it in this process. A notification
// marks the feed stale; the first stream to ask then reads the new rows once (every other stream
// waits for that same read), and each row is encoded to its SSE frame once. Streams take the rows
// after their own cursor from the shared window; a stream whose cursor is older than the window
// (it was slow, or just connected with an old Last-Event-ID) reads its own catch-up from the database.
// So the database sees one read per notification per incident, not one per stream.

export type FeedRow = { id: bigint; frame: Uint8Array };
/** Rows after `afterId`, oldest first, at most `limit`. */
export type ReadRows = (afterId: bigint, limit: number) => Promise<FeedRow[]>;

/** Rows per read, and per send to one stream. */
export const FEED_PAGE = 500;
const PAGE = FEED_PAGE;

export class IncidentFeed {
  /** Rows with floor < id ≤ head, contiguous (the trigger numbers an incident's rows in commit order). */
  private window: FeedRow[] = [];
  private floor: bigint | null = null;
  private stale = true;
  private refreshing: Promise<void> | null = null;
  /** Catch-up reads in flight by cursor: streams resuming from the same id share one read. */
  private catchUps = new Map<bigint, { generation: number; rows: Promise<FeedRow[]> }>();
  /** Notifications so far: a read started before the latest one may miss its rows. */
  private generation = 0;

  constructor(
    private readonly read: ReadRows,
    /** A stream's own read, for a cursor older than the window. */
    private readonly catchUp: ReadRows = read,
    private readonly maxRows = 2000,
  ) {}

  /** A notification: there are rows after the head. */
  invalidate() {
    this.stale = true;
    this.generation++;
  }

  /** Rows after `cursor` (at most one page), from the shared window when it covers them. */
  async rowsAfter(cursor: bigint): Promise<FeedRow[]> {
    if (this.floor === null) {
      // First use: the window starts where this stream is (it has read its backlog up to here).
      this.floor = cursor;
      this.stale = true;
    }
    if (cursor < this.floor) return this.backlog(cursor);
    // Wait for a read in flight (it may hold this stream's rows), then for one more if a
    // notification came during it; at most two, so a busy incident cannot starve a stream.
    for (let i = 0; i < 2 && (this.stale || this.refreshing); i++) await (this.refreshing ?? this.refresh());
    const start = firstAfter(this.window, cursor);
    return this.window.slice(start, start + PAGE);
  }

  /**
   * One page of rows after `cursor` read for a stream that is not (yet) on the shared window: its
   * backlog when it connects, or a catch-up when it fell behind. Streams asking for the same cursor
   * at once share the read: after a replica restarts, every browser reconnects with the same
   * Last-Event-ID, and 500 identical reads would queue on the pool. Only a read started since the
   * latest notification is shared: one started before it may not hold the rows it announced.
   */
  backlog(cursor: bigint): Promise<FeedRow[]> {
    const inFlight = this.catchUps.get(cursor);
    if (inFlight && inFlight.generation === this.generation) return inFlight.rows;
    const read = { generation: this.generation, rows: this.catchUp(cursor, PAGE) };
    this.catchUps.set(cursor, read);
    void read.rows.then(
      () => this.catchUps.get(cursor) === read && this.catchUps.delete(cursor),
      () => this.catchUps.get(cursor) === read && this.catchUps.delete(cursor),
    );
    return read.rows;
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

/**
 * The index of the first row with id > cursor (rows.length if none). Binary search: every stream
 * of a busy incident looks its cursor up after each notification, and a linear scan of a full
 * window (2000 rows) per stream was most of the fan-out's CPU at 500 streams.
 */
export function firstAfter(rows: readonly FeedRow[], cursor: bigint): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].id > cursor) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
