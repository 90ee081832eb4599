import { describe, expect, it } from "vitest";
import { loginPathFor, samePath } from "./request-path";

describe("the page sign-in returns to", () => {
  it("keeps the path and the query of a page on this site", () => {
    expect(loginPathFor("/incidents/abc?tab=timeline&x=1")).toBe(
      `/login?callbackUrl=${encodeURIComponent("/incidents/abc?tab=timeline&x=1")}`,
    );
    expect(samePath("/services")).toBe("/services");
  });

  it("never sends anyone to another origin", () => {
    for (const v of [
      "//evil.example/x",
      "/\\evil.example/x",
      "https://evil.example/",
      "javascript:alert(1)",
      "/\t/evil.example",
      "incidents",
      "",
      undefined,
      42,
    ]) {
      expect(samePath(v), String(v)).toBeUndefined();
      expect(loginPathFor(v)).toBe("/login");
    }
  });

  it("does not loop back to the sign-in page itself", () => {
    expect(loginPathFor("/login?callbackUrl=%2Fincidents")).toBe("/login");
  });
});
