// Which services the editor may not change, and the sentence it shows for them.
import path from "node:path";
import type { ServiceSource } from "@/lib/generated/prisma/enums";

/** The catalog file's name (its basename only: the rest of the path is the server's business). */
export function catalogFileName(file = process.env.RCC_CATALOG): string | null {
  return file ? path.basename(file) : null;
}

/** Why the editor may not change a service, or null when it may. */
export function readOnlyReason(service: { name: string; managedBy: ServiceSource }): string | null {
  if (service.managedBy !== "file") return null;
  const file = catalogFileName();
  return `"${service.name}" comes from the catalog file${file ? ` ${file}` : ""} (RCC_CATALOG) and is read-only here: change it in that file.`;
}
