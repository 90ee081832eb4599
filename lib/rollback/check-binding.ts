// A rollback acts only on what its service's catalog entry names: its workloads, routes, flags,
// databases, DR target and env var names. Checked wherever a plan is made, confirmed, approved or
// run, always against the service row as it is now (never anything the client sends about it), so
// a commander of one service cannot aim a rollback at another's objects under a weaker approval rule.
import { AppError } from "@/lib/errors";
import { targetsOf, type ServiceSettingsRow } from "@/lib/services/service-settings";
import { isStrategyKind } from "@/lib/rollback/strategies";
import { bindingViolations } from "@/lib/rollback/strategies/settings";

export type BoundService = Pick<
  ServiceSettingsRow,
  "name" | "clusterContext" | "namespace" | "deployments" | "strategyConfig"
>;

/** Why these params (already parsed by the strategy's paramsSchema) leave the service; [] when they do not. */
export function violationsOf(kind: string, service: BoundService, params: unknown): string[] {
  if (!isStrategyKind(kind)) return [`"${kind}" is not a rollback strategy`];
  return bindingViolations(kind, targetsOf(service), params);
}

/** Refuses (AppError "forbidden", listing every violation) params outside the service's configuration. */
export function assertBound(kind: string, service: BoundService, params: unknown): void {
  const violations = violationsOf(kind, service, params);
  if (violations.length === 0) return;
  throw new AppError(
    "forbidden",
    `Refused: this rollback reaches outside what ${service.name} configures: ${violations.join("; ")}.`,
  );
}
