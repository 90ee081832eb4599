// Reads a strategy form's `params.*` elements into typed values: numbers from number inputs and
// `data-type="number"` selects, booleans from checkboxes, lists from `data-type="number-list"`.
// Empty optional fields are left out so the strategy's defaults apply.
export function collectParams(form: HTMLFormElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const el of Array.from(form.elements) as (HTMLInputElement | HTMLSelectElement)[]) {
    if (!el.name?.startsWith("params.")) continue;
    const key = el.name.slice("params.".length);
    const type = el.dataset.type;
    if (el instanceof HTMLInputElement && el.type === "checkbox") out[key] = el.checked;
    else if (el.value === "") continue;
    else if (type === "number" || (el instanceof HTMLInputElement && el.type === "number")) out[key] = Number(el.value);
    else if (type === "number-list")
      out[key] = el.value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
    else out[key] = el.value;
  }
  return out;
}
