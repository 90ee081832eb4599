import { describe, expect, it } from "vitest";
import { layoutMarkerLabels, overlaps, type MarkerLayout } from "./marker-layout";

const plot = { left: 72, right: 600, maxRows: 2 };

function noOverlap(l: MarkerLayout) {
  for (let i = 0; i < l.placed.length; i++)
    for (let j = i + 1; j < l.placed.length; j++)
      expect(overlaps(l.placed[i], l.placed[j]), `labels ${i} and ${j}: ${JSON.stringify(l)}`).toBe(false);
}

function insidePlot(l: MarkerLayout, left = plot.left, right = plot.right) {
  for (const p of l.placed) {
    expect(p.left).toBeGreaterThanOrEqual(left);
    expect(p.left + p.width).toBeLessThanOrEqual(right);
  }
}

describe("marker label layout", () => {
  it("markers far apart: full labels on one row, centred on their marker", () => {
    const l = layoutMarkerLabels(
      [
        { x: 150, width: 60 },
        { x: 400, width: 90 },
      ],
      plot,
    );
    expect(l).toEqual({
      mode: "labels",
      rows: 1,
      placed: [
        { left: 120, width: 60, row: 0 },
        { left: 355, width: 90, row: 0 },
      ],
    });
  });

  it("two markers close in time: the second label goes to a second row", () => {
    const l = layoutMarkerLabels(
      [
        { x: 300, width: 100 },
        { x: 310, width: 80 },
      ],
      plot,
    );
    expect(l.mode).toBe("labels");
    expect(l.placed.map((p) => p.row)).toEqual([0, 1]);
    noOverlap(l);
  });

  it("labels at the plot's edges are pulled inside it", () => {
    const l = layoutMarkerLabels(
      [
        { x: 72, width: 100 },
        { x: 600, width: 100 },
      ],
      plot,
    );
    expect(l.placed).toEqual([
      { left: 72, width: 100, row: 0 },
      { left: 500, width: 100, row: 0 },
    ]);
  });

  it("more close markers than rows: numbered badges for all, which do not overlap either", () => {
    const items = [0, 1, 2, 3, 4].map((i) => ({ x: 300 + i * 2, width: 90 }));
    const l = layoutMarkerLabels(items, plot);
    expect(l.mode).toBe("badges");
    expect(l.placed.every((p) => p.width === 18)).toBe(true);
    noOverlap(l);
    insidePlot(l);
  });

  it("a label wider than the plot: badges", () => {
    expect(layoutMarkerLabels([{ x: 100, width: 900 }], plot).mode).toBe("badges");
  });

  it("keeps the input's order and is independent of it", () => {
    const items = [
      { x: 500, width: 70 },
      { x: 100, width: 70 },
      { x: 505, width: 70 },
    ];
    const l = layoutMarkerLabels(items, plot);
    expect(l.placed.map((p) => p.left)).toEqual([465, 72, 470]);
    expect(l.placed[0].row).not.toBe(l.placed[2].row);
    const reversed = layoutMarkerLabels([...items].reverse(), plot);
    expect(reversed.placed.map((p) => p.left)).toEqual([470, 72, 465]);
  });

  it("no markers: nothing to place", () => {
    expect(layoutMarkerLabels([], plot)).toEqual({ mode: "labels", placed: [], rows: 0 });
  });

  it("never overlaps, for many random sets of markers (a fixed seed)", () => {
    let seed = 17;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(rand() * 12);
      const width = 200 + rand() * 800;
      const items = Array.from({ length: n }, () => ({ x: rand() * width, width: 30 + rand() * 120 }));
      const l = layoutMarkerLabels(items, { left: 0, right: width, maxRows: 1 + Math.floor(rand() * 3) });
      noOverlap(l);
      insidePlot(l, 0, width);
      if (l.mode === "labels") expect(l.placed.map((p) => p.width)).toEqual(items.map((i) => i.width));
    }
  });
});
