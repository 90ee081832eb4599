/**
 * Services proposed by workload annotations (discovery, lib/services/discovery/): created or updated
 * as annotation-managed. A service of the same name that the file, the editor or the sandbox manages
 * is never overwritten: it is reported as skipped, with why. One transaction per proposal, so one
 * invalid or skipped proposal does not hold back the others.
 */
import { SYSTEM_USER_ID } from "@/lib/auth/acting-user";
import { serviceSettingsSchema, type ServiceSettingsInput } from "@/lib/services/service-settings";
import { lockService, writeService, type CatalogActor, type CatalogDb } from "./write-service";

export type AnnotatedServiceProposal = {
  settings: ServiceSettingsInput;
  /** Where it was found, e.g. "prod/shop/deployment/checkout" (recorded in the audit row). */
  from: string[];
};

/** Serialisable. */
export type AnnotatedServicesResult = {
  created: string[];
  updated: string[];
  unchanged: string[];
  skipped: { name: string; reason: string }[];
  invalid: { name: string; from: string[]; problems: { field: string; message: string }[] }[];
};

/** Discovery acts as the system user. */
export const DISCOVERY_ACTOR: CatalogActor = { id: SYSTEM_USER_ID, name: "discovery" };

const OWNER: Record<string, string> = {
  file: "the catalog file manages it",
  editor: "it is edited in the dashboard",
  sandbox: "the sandbox manages it",
};

export async function applyAnnotatedServices(
  db: CatalogDb,
  proposals: readonly AnnotatedServiceProposal[],
  opts: { actor?: CatalogActor } = {},
): Promise<AnnotatedServicesResult> {
  const actor = opts.actor ?? DISCOVERY_ACTOR;
  const out: AnnotatedServicesResult = { created: [], updated: [], unchanged: [], skipped: [], invalid: [] };
  const seen = new Set<string>();
  for (const p of proposals) {
    const parsed = serviceSettingsSchema.safeParse(p.settings);
    const name = parsed.success ? parsed.data.name : String((p.settings as { name?: unknown })?.name ?? "(unnamed)");
    if (!parsed.success) {
      out.invalid.push({
        name,
        from: p.from,
        problems: parsed.error.issues.map((i) => ({ field: i.path.map(String).join("."), message: i.message })),
      });
      continue;
    }
    if (seen.has(name)) {
      out.skipped.push({
        name,
        reason: `annotated on more than one workload (${p.from.join(", ")}); the first one wins`,
      });
      continue;
    }
    seen.add(name);
    const settings = parsed.data;
    const r = await db.$transaction(async (tx) => {
      const existing = await lockService(tx, { name });
      if (existing && existing.managedBy !== "annotation")
        return { skipped: `a service named "${name}" already exists and ${OWNER[existing.managedBy]}` };
      return writeService(tx, existing, settings, {
        managedBy: "annotation",
        source: "annotation",
        actor,
        from: p.from,
      });
    });
    if ("skipped" in r) out.skipped.push({ name, reason: r.skipped });
    else out[r.outcome].push(r.name);
  }
  return out;
}
