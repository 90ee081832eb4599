/**
 * The current catalog as the YAML parse-catalog reads. Values equal to the schema's defaults are left
 * out (a pruned entry is kept only if it parses back to identical settings), so export → parse →
 * save round-trips exactly and the file stays short enough to review.
 */
import { Document } from "yaml";
import { formatUtc } from "@/lib/format/date";
import { serviceSettingsSchema, type ServiceSettings } from "@/lib/services/service-settings";
import { CATALOG_API_VERSION, CATALOG_KIND } from "./parse-catalog";
import { readCatalog } from "./read-service-settings";
import { sameJson, type CatalogDb } from "./write-service";

export type CatalogExport = {
  yaml: string;
  services: string[];
  /** Stored rows that no longer validate: not exported (the file would be refused). */
  skipped: { name: string; problems: string[] }[];
};

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** `value` without the keys whose value equals `defaults`' (recursively); `name` always stays. */
function withoutDefaults(value: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (k in defaults && sameJson(v, defaults[k])) continue;
    if (isObj(v) && isObj(defaults[k])) {
      const inner = withoutDefaults(v, defaults[k]);
      if (Object.keys(inner).length) out[k] = inner;
      continue;
    }
    out[k] = v;
  }
  return out;
}

/** One entry as written in the file. */
export function catalogEntry(s: ServiceSettings): Record<string, unknown> {
  const defaults = serviceSettingsSchema.parse({ name: s.name }) as Record<string, unknown>;
  const pruned = { name: s.name, ...withoutDefaults(s as Record<string, unknown>, defaults) };
  const back = serviceSettingsSchema.safeParse(pruned);
  return back.success && sameJson(back.data, s) ? pruned : JSON.parse(JSON.stringify(s));
}

export function catalogYaml(services: readonly ServiceSettings[], opts: { comment?: string } = {}): string {
  const doc = new Document({
    apiVersion: CATALOG_API_VERSION,
    kind: CATALOG_KIND,
    services: [...services].sort((a, b) => a.name.localeCompare(b.name)).map(catalogEntry),
  });
  if (opts.comment) doc.commentBefore = opts.comment;
  return doc.toString({ lineWidth: 0 });
}

/** All services, or the named ones, as catalog YAML. */
export async function exportCatalog(db: CatalogDb, names?: readonly string[]): Promise<CatalogExport> {
  const views = await readCatalog(db, names);
  const valid = views.filter((v) => v.settings);
  const skipped = views
    .filter((v) => !v.settings)
    .map((v) => ({ name: v.name, problems: v.problems.map((p) => `${p.field}: ${p.message}`) }));
  const comment = [
    ` Rollback Command Center service catalog, exported ${formatUtc(new Date())}.`,
    ...skipped.map((s) => ` Not exported, its stored settings are invalid: ${s.name} (${s.problems.join("; ")})`),
  ].join("\n");
  return {
    yaml: catalogYaml(
      valid.map((v) => v.settings!),
      { comment },
    ),
    services: valid.map((v) => v.name),
    skipped,
  };
}
