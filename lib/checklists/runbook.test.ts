// The default checklists are the runbook's lists, item for item: parsed from the runbook itself,
// so rewording, reordering, adding or dropping an item on either side fails here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PHASES } from "./phases";
import { RUNBOOK_CHECKLIST, RUNBOOK_SECTIONS, runbookTemplates } from "./runbook";

const RUNBOOK = path.join(import.meta.dirname, "rollback-runbook.md");
// The runbook as the project received it (a sibling of the repository on development machines).
const SEEDS = path.resolve(import.meta.dirname, "../../../shared/seeds");

/** The list items under a `##`/`###` heading, up to the next heading: "1. x" and "- [ ] x" alike. */
function listUnder(markdown: string, heading: string): string[] {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^#{2,3} /.test(l) && l.replace(/^#+ /, "").trim() === heading);
  if (start < 0) throw new Error(`no heading "${heading}" in the runbook`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,6} /.test(line)) break;
    const m = /^\s*(?:\d+\.|[-*](?: \[[ xX]\])?)\s+(.+?)\s*$/.exec(line);
    if (m) items.push(m[1]);
  }
  return items;
}

describe("the default checklists", () => {
  const runbook = readFileSync(RUNBOOK, "utf8");

  for (const phase of PHASES) {
    it(`${phase} is the runbook's "${RUNBOOK_SECTIONS[phase]}", item for item`, () => {
      const items = listUnder(runbook, RUNBOOK_SECTIONS[phase]);
      expect(items.length).toBeGreaterThan(0);
      expect([...RUNBOOK_CHECKLIST[phase]]).toEqual(items);
    });
  }

  it("seeds every item once, in the runbook's order within each phase", () => {
    const t = runbookTemplates();
    expect(t.map((x) => x.text)).toEqual(PHASES.flatMap((p) => listUnder(runbook, RUNBOOK_SECTIONS[p])));
    for (const p of PHASES)
      expect(t.filter((x) => x.phase === p).map((x) => x.position)).toEqual(RUNBOOK_CHECKLIST[p].map((_, i) => i));
  });

  it("the parser reads both list styles and stops at the next heading", () => {
    const md = "## A\n1. one\n2. two\n\n## B\n- [ ] three\n- [x] four\ntext\n### C\n- five";
    expect(listUnder(md, "A")).toEqual(["one", "two"]);
    expect(listUnder(md, "B")).toEqual(["three", "four"]);
    expect(() => listUnder(md, "D")).toThrow(/no heading/);
  });

  it.runIf(existsSync(SEEDS))("the copy beside the code is the runbook in ../shared/seeds, unchanged", () => {
    const source = readdirSync(SEEDS)
      .map((f) => readFileSync(path.join(SEEDS, f), "utf8"))
      .find((text) => text.includes("## Prevention Checklist") && text.includes("### Immediate (First 30 minutes)"));
    expect(source, "the runbook in ../shared/seeds").toBeDefined();
    expect(runbook).toBe(source);
  });
});
