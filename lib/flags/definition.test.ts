import { describe, expect, it } from "vitest";
import {
  disabledFlag,
  isOff,
  isRestored,
  offVariantOf,
  parsePreviousStates,
  previousStateOf,
  restoredFlag,
  servedValue,
  type FlagdFlag,
} from "./definition";

const bool: FlagdFlag = { state: "ENABLED", variants: { on: true, off: false }, defaultVariant: "on" };
const targeted: FlagdFlag = {
  state: "ENABLED",
  variants: { yes: true, no: false },
  defaultVariant: "no",
  targeting: { if: [true, "yes", null] },
};

describe("flag definitions", () => {
  it("finds the off variant: named, then 'off', then the only false one; refuses to guess otherwise", () => {
    expect(offVariantOf("f", bool)).toBe("off");
    expect(offVariantOf("f", targeted)).toBe("no");
    expect(offVariantOf("f", bool, "on")).toBe("on");
    expect(() => offVariantOf("f", bool, "dark")).toThrow(/no variant "dark"/);
    expect(() => offVariantOf("f", { state: "ENABLED", variants: { a: "x", b: "y" }, defaultVariant: "a" })).toThrow(
      /name it with offVariant/,
    );
  });

  it("default-variant mode: off variant, targeting removed, state ENABLED; restore puts targeting back exactly", () => {
    const off = disabledFlag(targeted, "default-variant", "no");
    expect(off).toEqual({ state: "ENABLED", variants: targeted.variants, defaultVariant: "no" });
    expect(isOff(off, "no", "default-variant")).toBe(true);
    expect(isOff(targeted, "no", "default-variant")).toBe(false);
    const prev = previousStateOf(targeted, "default-variant", "no", "2026-01-01T00:00:00Z");
    expect(restoredFlag(off, prev)).toEqual(targeted);
    expect(isRestored(restoredFlag(off, prev), prev)).toBe(true);
    expect(servedValue(off)).toEqual({ value: false, reason: "STATIC" });
  });

  it("state mode: DISABLED, and flagd serves no value (callers' code default)", () => {
    const off = disabledFlag(bool, "state");
    expect(off.state).toBe("DISABLED");
    expect(off.defaultVariant).toBe("on");
    expect(servedValue(off).value).toBeUndefined();
    expect(restoredFlag(off, previousStateOf(bool, "state", undefined, "t"))).toEqual(bool);
  });

  it("reads the recorded states leniently", () => {
    expect(parsePreviousStates(undefined)).toEqual({});
    expect(parsePreviousStates({ "rollback-command-center.dev/previous-flag-states": "not json" })).toEqual({});
    expect(
      parsePreviousStates({ "rollback-command-center.dev/previous-flag-states": '{"f":{"state":"ENABLED"}}' }),
    ).toEqual({ f: { state: "ENABLED" } });
  });
});
