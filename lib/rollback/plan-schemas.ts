// zod pieces shared by the strategies' stored-plan data schemas (dataSchema), which check a plan
// read back from the database before execute() or a page trusts it.
import { z } from "zod";
import type { JsonPatchOp } from "@/lib/k8s/types";

export const jsonPatchOpSchema: z.ZodType<JsonPatchOp> = z.object({
  op: z.enum(["add", "remove", "replace", "test"]),
  path: z.string(),
  value: z.unknown().optional(),
});

/** A Kubernetes-owned object kept as the apiserver gave it: checked to be an object, not re-validated field by field. */
export const k8sObject = <T>() =>
  z.custom<T>((v) => typeof v === "object" && v !== null && !Array.isArray(v), "a Kubernetes object");
