"use client";
// Table restore from a pg_dump -Fc backup on the service's own database: the database and the tables
// a restore may replace come from the service's settings; the backup must sit in the server's
// RCC_DB_BACKUP_DIRS (defaults from `database.restore`).
import type { z } from "zod";
import { NotConfigured, ParamInput, ParamSelect, optionalNumber, optionalText, useFormModel } from "../form-fields";
import type { StrategyFormModel, StrategyFormProps } from "../form-types";
import type { dbRestoreParamsSchema } from "./params";

type Params = z.input<typeof dbRestoreParamsSchema>;
type Values = { table: string; backupPath: string; updatedAtColumn: string; lockTimeoutMs: string };

export const dbRestoreFormModel: StrategyFormModel<Values, Params> = {
  initial: (t) => {
    const r = t.strategies.database?.restore;
    return {
      table: r?.tables[0] ?? "",
      backupPath: r?.backupPath ?? "",
      updatedAtColumn: r?.updatedAtColumn ?? "",
      lockTimeoutMs: "5000",
    };
  },
  params: (v, t) => ({
    urlEnv: t.strategies.database?.urlEnv ?? "",
    table: v.table,
    backupPath: v.backupPath,
    updatedAtColumn: optionalText(v.updatedAtColumn),
    lockTimeoutMs: optionalNumber(v.lockTimeoutMs),
  }),
};

export function DbRestoreForm(props: StrategyFormProps<Params>) {
  const [v, set] = useFormModel(dbRestoreFormModel, props);
  const db = props.targets.strategies.database;
  if (!db?.restore) return <NotConfigured what="a table restore" />;
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamInput
        label="Database (server env var)"
        value={db.urlEnv}
        hint="RCC_SERVICE_* on the server; never the URL"
      />
      <ParamSelect
        label="Table"
        value={v.table}
        options={db.restore.tables.map((t) => [t, t] as const)}
        onValue={(table) => set({ table })}
      />
      <ParamInput
        label="Backup file (pg_dump -Fc, on the server)"
        value={v.backupPath}
        onValue={(backupPath) => set({ backupPath })}
        required
        placeholder="/var/backups/shop/2026-11-26.dump"
      />
      <ParamInput
        label="Last-update column (optional)"
        value={v.updatedAtColumn}
        onValue={(updatedAtColumn) => set({ updatedAtColumn })}
        hint="After the restore no row may be newer than the backup"
      />
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
