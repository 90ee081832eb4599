// Table restore from a pg_dump -Fc backup on the service's own database (backups must sit in the
// server's RCC_DB_BACKUP_DIRS); defaults from strategyConfig.database.restore.
import { ParamInput } from "./fields";
import type { StrategyFormService } from "./index";

type DbConfig = {
  database?: { urlEnv?: string; restore?: { table?: string; backupPath?: string; updatedAtColumn?: string } };
};

export function DbRestoreForm({ service }: { service: StrategyFormService }) {
  const db = (service.strategyConfig as DbConfig)?.database ?? {};
  const r = db.restore ?? {};
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <ParamInput
        label="Database (server env var)"
        name="params.urlEnv"
        defaultValue={db.urlEnv ?? ""}
        readOnly={Boolean(db.urlEnv)}
        required
        hint="RCC_SERVICE_* on the server; never the URL"
      />
      <ParamInput label="Table" name="params.table" defaultValue={r.table ?? ""} required placeholder="public.orders" />
      <ParamInput
        label="Backup file (pg_dump -Fc, on the server)"
        name="params.backupPath"
        defaultValue={r.backupPath ?? ""}
        required
        placeholder="/var/backups/shop/2026-11-26.dump"
      />
      <ParamInput
        label="Last-update column (optional)"
        name="params.updatedAtColumn"
        defaultValue={r.updatedAtColumn ?? ""}
        hint="After the restore no row may be newer than the backup"
      />
      <ParamInput label="Lock timeout (ms)" name="params.lockTimeoutMs" type="number" min={100} defaultValue={5000} />
    </div>
  );
}
