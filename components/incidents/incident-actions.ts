// The commander's main actions on the incident page, shared by the header's buttons and the
// keyboard shortcuts. They move focus to parts other components render, found by what those parts
// announce to assistive technology (their landmark names), not by private hooks into them:
// the rollback panel is the section labelled by #rollback-heading, the planner the region "Plan a
// rollback" (components/rollback/rollback-panel.tsx, rollback-planner.tsx). Browser-only: call from handlers.

const ROLLBACK_SECTION = 'section[aria-labelledby="rollback-heading"]';
const PLANNER = '[role="region"][aria-label="Plan a rollback"]';
const FIELDS = "select, input:not([type=hidden]), textarea, button";

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

/** Focus without the browser's scroll, then centre it: the sticky header would cover a top-aligned target. */
export function focusAndReveal(el: HTMLElement | null | undefined): boolean {
  if (!el) return false;
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: "center" });
  return document.activeElement === el;
}

/**
 * Opens the planner (the panel's own Roll back button, so the panel stays the one place that owns it)
 * and puts focus on its first field. With a rollback active the button is disabled: focus goes to
 * that rollback's controls instead. Planning changes nothing; the planner asks before anything runs.
 */
export async function openPlanner(): Promise<boolean> {
  const section = document.querySelector<HTMLElement>(ROLLBACK_SECTION);
  if (!section) return false;
  if (!section.querySelector(PLANNER)) {
    const button = [...section.querySelectorAll<HTMLButtonElement>("header button")].find(
      (b) => b.textContent?.trim() === "Roll back" && !b.disabled,
    );
    button?.click();
  }
  // The planner renders on the panel's next commit.
  for (let i = 0; i < 30 && !section.querySelector(PLANNER); i++) await nextFrame();
  const planner = section.querySelector<HTMLElement>(PLANNER);
  if (planner) return focusAndReveal(planner.querySelector<HTMLElement>(FIELDS));
  const active = section.querySelector<HTMLElement>('[data-testid="rollback-action"] button');
  if (active) return focusAndReveal(active);
  section.tabIndex = -1;
  return focusAndReveal(section);
}

/**
 * Focuses the card titled `title` (a Card's h2): its first element matching `selector` (e.g. the
 * note's text), or the card itself (read from its heading) when there is none or no selector.
 */
export function focusCard(title: string, selector: string | null = FIELDS): boolean {
  const heading = [...document.querySelectorAll<HTMLElement>("main h2")].find((h) => h.textContent?.trim() === title);
  const card = heading?.closest("section");
  if (!card) return false;
  const field = selector ? card.querySelector<HTMLElement>(selector) : null;
  if (field) return focusAndReveal(field);
  card.tabIndex = -1;
  return focusAndReveal(card);
}
