/**
 * flagd flag definitions, pure: what "off" means for a flag, and the before/after of a kill switch.
 *
 * How flagd (core v0.16) evaluates a flag, which decides what "disable" can mean:
 * - `state: DISABLED` → reason DISABLED and NO value: OpenFeature SDKs return the default the
 *   calling code passed. So DISABLED is "off" only when every caller's code default is off.
 * - otherwise, targeting (JsonLogic) is evaluated first; only when it returns nothing does
 *   `defaultVariant` apply (reason STATIC without targeting, DEFAULT with it).
 * Hence two modes: `default-variant` (the default, deterministic): defaultVariant := the off variant
 * AND targeting removed, so every evaluation returns the off value (reason STATIC); `state`:
 * state := DISABLED, the fallback to code defaults. Either way the previous {state, defaultVariant,
 * targeting} is recorded (in the plan, and in an annotation on the object) for re-enabling.
 */

export type FlagState = "ENABLED" | "DISABLED";

export interface FlagdFlag {
  state: FlagState;
  variants: Record<string, unknown>;
  defaultVariant: string;
  targeting?: unknown;
  [k: string]: unknown;
}

export interface FlagdDefinition {
  flags: Record<string, FlagdFlag>;
  [k: string]: unknown;
}

export type DisableMode = "default-variant" | "state";

/** What a flag looked like before the kill switch: enough to put it back exactly. */
export interface PreviousFlagState {
  state: FlagState;
  defaultVariant: string;
  /** Present only when the flag had targeting (JSON `null` cannot be stored in every source). */
  targeting?: unknown;
  mode: DisableMode;
  offVariant?: string;
  /** When the kill switch was applied (ISO time). */
  at: string;
}

/** Annotation on the FeatureFlag / ConfigMap: JSON map flagKey → PreviousFlagState. */
export const PREVIOUS_STATE_ANNOTATION = "rollback-command-center.dev/previous-flag-states";

export class FlagDefinitionError extends Error {}

export function findFlag(def: FlagdDefinition, key: string): FlagdFlag {
  const flag = def.flags?.[key];
  if (!flag) {
    const known = Object.keys(def.flags ?? {});
    throw new FlagDefinitionError(
      `flag "${key}" is not defined here${known.length ? ` (flags: ${known.join(", ")})` : " (no flags)"}`,
    );
  }
  return flag;
}

/** The variant that means "off": the one named, else one called "off", else the only `false` one. */
export function offVariantOf(key: string, flag: FlagdFlag, named?: string): string {
  const variants = Object.keys(flag.variants ?? {});
  if (named) {
    if (!variants.includes(named))
      throw new FlagDefinitionError(`flag "${key}" has no variant "${named}" (variants: ${variants.join(", ")})`);
    return named;
  }
  if (variants.includes("off")) return "off";
  const falses = variants.filter((v) => flag.variants[v] === false);
  if (falses.length === 1) return falses[0];
  throw new FlagDefinitionError(
    `cannot tell which variant of flag "${key}" is off (variants: ${variants.join(", ")}); name it with offVariant`,
  );
}

export function isOff(flag: FlagdFlag, offVariant: string | undefined, mode: DisableMode): boolean {
  if (mode === "state") return flag.state === "DISABLED";
  return flag.state === "ENABLED" && flag.defaultVariant === offVariant && flag.targeting === undefined;
}

/** The flag after the kill switch. */
export function disabledFlag(flag: FlagdFlag, mode: DisableMode, offVariant?: string): FlagdFlag {
  if (mode === "state") return { ...flag, state: "DISABLED" };
  const { targeting: _dropped, ...rest } = flag;
  return { ...rest, state: "ENABLED", defaultVariant: offVariant! };
}

export function previousStateOf(
  flag: FlagdFlag,
  mode: DisableMode,
  offVariant: string | undefined,
  at: string,
): PreviousFlagState {
  return {
    state: flag.state,
    defaultVariant: flag.defaultVariant,
    ...(flag.targeting !== undefined ? { targeting: flag.targeting } : {}),
    mode,
    ...(offVariant ? { offVariant } : {}),
    at,
  };
}

/** The flag as it was before the kill switch. */
export function restoredFlag(flag: FlagdFlag, prev: PreviousFlagState): FlagdFlag {
  const { targeting: _current, ...rest } = flag;
  return {
    ...rest,
    state: prev.state,
    defaultVariant: prev.defaultVariant,
    ...(prev.targeting !== undefined ? { targeting: prev.targeting } : {}),
  };
}

/** JSON equality regardless of key order (the apiserver and a ConfigMap's text order keys differently). */
export function sameJson(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(norm)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, norm((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

export function isRestored(flag: FlagdFlag, prev: PreviousFlagState): boolean {
  return (
    flag.state === prev.state && flag.defaultVariant === prev.defaultVariant && sameJson(flag.targeting, prev.targeting)
  );
}

export function parsePreviousStates(
  annotations: Record<string, string> | undefined,
): Record<string, PreviousFlagState> {
  const raw = annotations?.[PREVIOUS_STATE_ANNOTATION];
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, PreviousFlagState>)
      : {};
  } catch {
    return {};
  }
}

/** One line for people: `ENABLED, default "on" (targeting)`. */
export function describeFlag(flag: FlagdFlag): string {
  const value = flag.variants?.[flag.defaultVariant];
  return `${flag.state}, default "${flag.defaultVariant}" (${JSON.stringify(value)})${flag.targeting !== undefined ? " + targeting" : ""}`;
}

/** The value flagd serves with no evaluation context; undefined means "the caller's code default". */
export function servedValue(flag: FlagdFlag): { value: unknown; reason: string } {
  if (flag.state === "DISABLED") return { value: undefined, reason: "DISABLED (callers get their code default)" };
  if (flag.targeting !== undefined)
    return { value: flag.variants?.[flag.defaultVariant], reason: "targeting, else the default variant" };
  return { value: flag.variants?.[flag.defaultVariant], reason: "STATIC" };
}
