import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  decideRevisionUndo,
  findHistory,
  revisionTemplate,
  templatePatch,
} from "./controller-revision-undo";
import type { ControllerRevision, PodTemplate } from "./types";

const template = (image: string): PodTemplate => ({
  metadata: { labels: { app: "db" } },
  spec: { containers: [{ name: "app", image }] },
});
const cr = (revision: number, image: string, uid = `u${revision}`): ControllerRevision => ({
  metadata: { name: `db-${revision}`, uid },
  revision,
  data: templatePatch(template(image)),
});

describe("findHistory (kubectl StatefulSetRollbacker / DaemonSetRollbacker)", () => {
  const history = [cr(3, "v3"), cr(1, "v1"), cr(2, "v2")];
  it("takes the second highest revision for 0, whatever the list order", () => {
    expect(findHistory(history, 0).revision).toBe(2);
  });
  it("takes exactly the named revision", () => {
    expect(findHistory(history, 1).metadata.name).toBe("db-1");
  });
  it("uses kubectl's words for a missing, negative or absent previous revision", () => {
    expect(() => findHistory(history, 7)).toThrow("unable to find specified revision 7 in history");
    expect(() => findHistory(history, -1)).toThrow("unable to find specified revision -1 in history");
    expect(() => findHistory([cr(1, "v1")], 0)).toThrow("no last revision to roll back to");
    expect(() => findHistory([], 0)).toThrow("no last revision to roll back to");
    expect(() => findHistory([], 2)).toThrow("unable to find specified revision 2 in history");
  });
});

describe("decideRevisionUndo", () => {
  it("patches with the revision's data exactly as stored", () => {
    const history = [cr(1, "v1"), cr(2, "v2")];
    const d = decideRevisionUndo(template("v2"), history, 0);
    expect(d.action).toBe("patch");
    if (d.action !== "patch") return;
    expect(d.patch).toBe(history[0].data);
    expect(d.template).toEqual(template("v1"));
  });
  it("skips when the current template encodes as the stored patch, with the revision as asked (0 stays 0)", () => {
    const history = [cr(1, "v1"), cr(2, "v2")];
    expect(decideRevisionUndo(template("v2"), history, 2)).toMatchObject({
      action: "skip",
      message: "skipped rollback (current template already matches revision 2)",
    });
  });
  it("compares like Go's json.Marshal of a map: key order is irrelevant, any other difference is not", () => {
    const reordered: ControllerRevision = {
      ...cr(1, "v1"),
      data: {
        spec: {
          template: {
            $patch: "replace",
            spec: { containers: [{ image: "v1", name: "app" }] },
            metadata: { labels: { app: "db" } },
          },
        },
      },
    };
    expect(decideRevisionUndo(template("v1"), [reordered, cr(2, "v2")], 1).action).toBe("skip");
    const withEmptyEnv = { ...template("v1"), spec: { containers: [{ name: "app", image: "v1", env: [] }] } };
    expect(decideRevisionUndo(withEmptyEnv, [cr(1, "v1"), cr(2, "v2")], 1).action).toBe("patch");
  });
  it("reads the template a revision puts back without the $patch directive", () => {
    expect(revisionTemplate(cr(4, "v4"))).toEqual(template("v4"));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: "<" }] })).toBe('{"a":[{"c":"<","d":1}],"b":1}');
  });
});
