"use client";
// Down-migration runbook on the service's own database. The database is the service's (its env var
// name, read-only: the URL stays on the server); the runbook is one the service reviewed, picked
// when it has several, and shown for review: its SQL may still be edited before planning.
import type { z } from "zod";
import type { RunbookSettings } from "@/lib/database-rollback/settings";
import { NotConfigured, ParamInput, ParamSelect, SqlField, optionalNumber, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { dbMigrationParamsSchema } from "./params";

type Params = z.input<typeof dbMigrationParamsSchema>;
type RunbookValues = RunbookSettings;
type Values = RunbookValues & { runbook: string; lockTimeoutMs: string };

const EMPTY: RunbookValues = {
  name: "",
  sql: "",
  precheckSql: "",
  expectedVersion: "",
  verifySql: "",
  expectedResult: "",
};
const runbookValues = (rb: RunbookSettings | undefined): RunbookValues => ({ ...EMPTY, ...rb });

export const dbMigrationFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => ({
    ...runbookValues(t.strategies.database?.runbooks[0]),
    runbook: "0",
    lockTimeoutMs: "5000",
  }),
  params: (v, t) => ({
    urlEnv: t.strategies.database?.urlEnv ?? "",
    name: v.name,
    sql: v.sql,
    precheckSql: v.precheckSql,
    expectedVersion: v.expectedVersion,
    verifySql: v.verifySql,
    expectedResult: v.expectedResult,
    lockTimeoutMs: optionalNumber(v.lockTimeoutMs),
  }),
};

export function DbMigrationForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(dbMigrationFormModel, props);
  const db = props.targets.strategies.database;
  if (!db?.runbooks.length) return <NotConfigured what="a down-migration runbook" />;
  const text = (key: keyof RunbookValues) => ({ value: v[key], onValue: (s: string) => set({ [key]: s }) });
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamInput
        label="Database (server env var)"
        value={db.urlEnv}
        hint="RCC_SERVICE_* on the server; never the URL"
      />
      {db.runbooks.length > 1 ? (
        <ParamSelect
          label="Reviewed runbook"
          value={v.runbook}
          options={db.runbooks.map((rb, i) => [String(i), rb.name || `Runbook ${i + 1}`] as const)}
          onValue={(runbook) => set({ runbook, ...runbookValues(db.runbooks[Number(runbook)]) })}
        />
      ) : (
        <div />
      )}
      <ParamInput label="Runbook name" {...text("name")} />
      <div />
      <SqlField label="Down-migration SQL (runs only on Roll back, in one transaction)" rows={6} {...text("sql")} />
      <SqlField label="Pre-check query (one SELECT; the preview runs it read-only)" {...text("precheckSql")} />
      <ParamInput label="Expected schema version" required {...text("expectedVersion")} />
      <div />
      <SqlField label="Verification query" {...text("verifySql")} />
      <ParamInput label="Expected verification result" required {...text("expectedResult")} />
      <ParamInput
        label="Lock timeout (ms)"
        type="number"
        min={100}
        value={v.lockTimeoutMs}
        onValue={(lockTimeoutMs) => set({ lockTimeoutMs })}
      />
    </div>
  );
}
