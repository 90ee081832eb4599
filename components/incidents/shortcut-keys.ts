// Which keystrokes are shortcuts: never while someone types (a field, a select, contenteditable),
// never with a modifier (the browser's and the screen reader's own keys), and "g" starts a
// two-key sequence. Pure, so the rules are tested without a browser.

export type KeyLike = {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat?: boolean;
  defaultPrevented?: boolean;
};

/** Something that takes typing: a text field, a select, a contenteditable, or inside one. */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as (Partial<HTMLElement> & { closest?: (s: string) => Element | null }) | null;
  if (!el || typeof el.closest !== "function") return false;
  if (el.isContentEditable) return true;
  return Boolean(el.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
}

/** The key of a shortcut (lower-case, "?" kept), or null when this keystroke is not one. */
export function shortcutKey(e: KeyLike, target: EventTarget | null): string | null {
  if (e.defaultPrevented || e.repeat || e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTypingTarget(target)) return null;
  if (e.key === "?") return "?";
  return e.key.length === 1 ? e.key.toLowerCase() : null;
}

/** Folds keys into shortcuts: "g" waits for its second key; anything else is a shortcut by itself. */
export function nextChord(pending: string | null, key: string): { pending: string | null; chord: string | null } {
  if (pending === "g") return { pending: null, chord: `g ${key}` };
  if (key === "g") return { pending: "g", chord: null };
  return { pending: null, chord: key };
}
