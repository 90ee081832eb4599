import { describe, expect, it } from "vitest";
import { formatElapsed } from "./detection-clock";

describe("formatElapsed", () => {
  it("reads hh:mm:ss", () => {
    expect(formatElapsed(0)).toBe("00:00:00");
    expect(formatElapsed(3_723_999)).toBe("01:02:03");
  });
  it("lets hours pass a day instead of wrapping", () => {
    expect(formatElapsed(27 * 3600_000 + 5_000)).toBe("27:00:05");
  });
  it("never shows a negative time (a detection stamped a moment after the server's clock)", () => {
    expect(formatElapsed(-1500)).toBe("00:00:00");
  });
});
