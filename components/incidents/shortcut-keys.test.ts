import { describe, expect, it } from "vitest";
import { nextChord, shortcutKey } from "./shortcut-keys";

const key = (
  k: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; repeat: boolean }> = {},
) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});
// Stand-ins for DOM targets: what `closest` would find.
const target = (typing: boolean, contentEditable = false) =>
  ({ isContentEditable: contentEditable, closest: () => (typing ? {} : null) }) as unknown as EventTarget;

describe("shortcutKey", () => {
  it("takes plain letters and ? outside fields", () => {
    expect(shortcutKey(key("p"), target(false))).toBe("p");
    expect(shortcutKey(key("P"), target(false))).toBe("p");
    expect(shortcutKey(key("?"), target(false))).toBe("?");
  });
  it("never fires while typing in a field or a contenteditable", () => {
    expect(shortcutKey(key("n"), target(true))).toBeNull();
    expect(shortcutKey(key("n"), target(false, true))).toBeNull();
  });
  it("leaves modified keys, repeats and named keys to the browser", () => {
    expect(shortcutKey(key("p", { ctrlKey: true }), target(false))).toBeNull();
    expect(shortcutKey(key("p", { metaKey: true }), target(false))).toBeNull();
    expect(shortcutKey(key("p", { altKey: true }), target(false))).toBeNull();
    expect(shortcutKey(key("p", { repeat: true }), target(false))).toBeNull();
    expect(shortcutKey(key("Enter"), target(false))).toBeNull();
  });
});

describe("nextChord", () => {
  it("makes g then i one shortcut", () => {
    const first = nextChord(null, "g");
    expect(first).toEqual({ pending: "g", chord: null });
    expect(nextChord(first.pending, "i")).toEqual({ pending: null, chord: "g i" });
  });
  it("passes single keys through", () => {
    expect(nextChord(null, "p")).toEqual({ pending: null, chord: "p" });
  });
});
