// The change between two published versions of a notice, line by line, for the version history.
import { diffLines } from "diff";

export type DiffLine = { op: "add" | "remove" | "same"; text: string };

export function noticeDiff(previous: string, next: string): DiffLine[] {
  const out: DiffLine[] = [];
  for (const part of diffLines(previous, next)) {
    const op = part.added ? "add" : part.removed ? "remove" : "same";
    const lines = part.value.replace(/\n$/, "").split("\n");
    for (const text of lines) out.push({ op, text });
  }
  return out;
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((l) => l.op === "add").length,
    removed: lines.filter((l) => l.op === "remove").length,
  };
}
