import { describe, expect, it } from "vitest";
import { logByteLimits, truncateBytes } from "@/lib/rollback/capture";

describe("log capture bounds", () => {
  it("splits a pod's bytes among its containers and never exceeds the total", () => {
    expect(logByteLimits([1, 2], 1000, 10_000)).toEqual([1000, 500]);
    // 100 pods of 2 containers under a 20 000 byte total: 100 bytes each, 20 000 in all
    const many = logByteLimits(Array(100).fill(2), 1000, 20_000);
    expect(new Set(many)).toEqual(new Set([100]));
    expect(many.reduce((a, l) => a + 2 * l, 0)).toBeLessThanOrEqual(20_000);
    expect(logByteLimits([3], 1000, 2)).toEqual([0]);
    expect(logByteLimits([0, 1], 1000, 10_000)).toEqual([0, 1000]);
  });

  it("cuts text to a byte limit without splitting a character", () => {
    expect(truncateBytes("hello", 10)).toEqual({ text: "hello", truncated: false });
    expect(truncateBytes("hello", 3)).toEqual({ text: "hel", truncated: true });
    const cut = truncateBytes("aé€", 4); // 1 + 2 + 3 bytes: the euro sign does not fit
    expect(cut).toEqual({ text: "aé", truncated: true });
    expect(Buffer.byteLength(cut.text)).toBeLessThanOrEqual(4);
  });
});
