import { describe, expect, it } from "vitest";
import { versionFromBody } from "./version-sample";

describe("versionFromBody", () => {
  it("reads the version from JSON or the first line of text", () => {
    expect(versionFromBody('{"version":"v1.4.2"}')).toBe("v1.4.2");
    expect(versionFromBody('{"app":{"version":7}}')).toBe("7");
    expect(versionFromBody("v2.0.0-rc.1+build.5\nmore")).toBe("v2.0.0-rc.1+build.5");
  });

  it("never carries a body onto the timeline: markup stripped, at most 64 characters", () => {
    const page = `<html><script>alert("x")</script>${"a".repeat(500)}</html>`;
    const v = versionFromBody(page);
    expect(v).not.toMatch(/[<>"()]/);
    expect(v.length).toBeLessThanOrEqual(64);
    expect(versionFromBody("")).toBe("(empty)");
  });
});
