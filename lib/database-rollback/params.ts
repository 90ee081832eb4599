// Form-friendly zod pieces shared by the database strategies: the lead's form posts strings.
import { z } from "zod";
import { serviceEnvNamePattern } from "@/lib/services/env-name";

/** true/false from a checkbox or select ("on", "true", "false", "off", "") or a real boolean. */
export const formBoolean = (dflt: boolean) =>
  z
    .union([z.boolean(), z.enum(["true", "false", "on", "off", ""])])
    .optional()
    .transform((v) => (v === undefined || v === "" ? dflt : v === true || v === "true" || v === "on"));

export const urlEnvSchema = z
  .string()
  .regex(serviceEnvNamePattern, "must name an RCC_SERVICE_* environment variable holding the service's database URL");

/** A Postgres identifier, optionally schema-qualified: `orders`, `public.orders`. */
export const tableNameSchema = z
  .string()
  .regex(/^([A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$/, "a table name like public.orders");

export function splitTable(name: string): { schema: string; table: string; sql: string } {
  const [schema, table] = name.includes(".") ? name.split(".") : ["public", name];
  return { schema, table, sql: `"${schema}"."${table}"` };
}
