import { requirePermission } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { formatUtc } from "@/lib/format/date";
import { jsonError } from "@/lib/http/responses";
import { exportCatalog } from "@/lib/services/catalog/export-catalog";

export const dynamic = "force-dynamic";

/** Admins: the catalog as YAML (all services, or ?service=a&service=b), as a download. */
export async function GET(req: Request) {
  try {
    await requirePermission("service.edit");
    const names = new URL(req.url).searchParams.getAll("service").filter((n) => /^[a-z0-9-]{1,63}$/.test(n));
    const { yaml } = await exportCatalog(db, names.length ? names : undefined);
    const stamp = formatUtc(new Date(), { zone: false })
      .replace(/[^0-9]/g, "")
      .slice(0, 12);
    return new Response(yaml, {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="service-catalog-${stamp}.yaml"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (e) {
    return jsonError(e);
  }
}
