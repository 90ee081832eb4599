// Where the charts' marker labels go so that no two overlap. Pure and independent of where markers
// come from (timeline events, recorded changes): it sees only x positions and label widths.
//
// Labels sit in a lane above the plot, centred on their marker's x and kept inside the plot. Each
// takes the first row where it touches no other label; when `maxRows` rows are not enough, every
// marker gets a numbered badge instead (same placement, small boxes, as many rows as needed) and
// the chart shows a legend. One mode per chart, so a reader never has to decode a mix.

export type LabelInput = {
  /** The marker's x in pixels, in the same coordinates as `left` and `right`. */
  x: number;
  /** The full label's width in pixels. */
  width: number;
};

export type LayoutOptions = {
  /** The plot's horizontal extent: labels never leave it. */
  left: number;
  right: number;
  /** Rows of full labels allowed before switching to badges. */
  maxRows: number;
  /** Space kept between two labels of one row. */
  gap?: number;
  /** A badge's width (a number, e.g. "12"). */
  badgeWidth?: number;
};

export type PlacedLabel = { left: number; width: number; row: number };
export type MarkerLayout = {
  mode: "labels" | "badges";
  /** In the input's order. */
  placed: PlacedLabel[];
  rows: number;
};

const DEFAULT_GAP = 4;
const DEFAULT_BADGE_WIDTH = 18;

/** Left edge of a box of `width` centred on `x`, kept within [left, right] where it fits. */
function boxLeft(x: number, width: number, left: number, right: number): number {
  const centred = x - width / 2;
  return Math.max(left, Math.min(centred, right - width));
}

/** Greedy first-fit by x: null when some label needs a row beyond `maxRows`. */
function place(
  items: { x: number; width: number }[],
  o: { left: number; right: number; gap: number; maxRows: number },
): PlacedLabel[] | null {
  const order = items.map((_, i) => i).sort((a, b) => items[a].x - items[b].x || a - b);
  const rows: { left: number; right: number }[][] = [];
  const out: PlacedLabel[] = new Array(items.length);
  for (const i of order) {
    const { x, width } = items[i];
    if (width > o.right - o.left) return null;
    const l = boxLeft(x, width, o.left, o.right);
    const box = { left: l, right: l + width };
    let row = rows.findIndex((r) => r.every((b) => box.left >= b.right + o.gap || b.left >= box.right + o.gap));
    if (row < 0) {
      if (rows.length >= o.maxRows) return null;
      rows.push([]);
      row = rows.length - 1;
    }
    rows[row].push(box);
    out[i] = { left: l, width, row };
  }
  return out;
}

const rowCount = (placed: PlacedLabel[]) => placed.reduce((n, p) => Math.max(n, p.row + 1), 0);

export function layoutMarkerLabels(items: readonly LabelInput[], opts: LayoutOptions): MarkerLayout {
  const gap = opts.gap ?? DEFAULT_GAP;
  const bounds = { left: opts.left, right: Math.max(opts.left, opts.right), gap };
  const labels = place([...items], { ...bounds, maxRows: Math.max(1, opts.maxRows) });
  if (labels) return { mode: "labels", placed: labels, rows: rowCount(labels) };
  const badgeWidth = Math.min(opts.badgeWidth ?? DEFAULT_BADGE_WIDTH, bounds.right - bounds.left);
  // Badges always fit: rows are unbounded, and a badge is never wider than the plot.
  const badges = place(
    items.map((it) => ({ x: it.x, width: badgeWidth })),
    { ...bounds, maxRows: Number.POSITIVE_INFINITY },
  )!;
  return { mode: "badges", placed: badges, rows: rowCount(badges) };
}

/** Whether two placed labels overlap (same row and intersecting horizontally). For tests and asserts. */
export function overlaps(a: PlacedLabel, b: PlacedLabel): boolean {
  return a.row === b.row && a.left < b.left + b.width && b.left < a.left + a.width;
}
