// Down-migration runbook on the service's own database. The runbook (SQL, pre-check, verification)
// comes from strategyConfig.database and is shown for review; the URL stays on the server: only the
// name of the environment variable holding it travels.
import { ParamInput } from "./fields";
import type { StrategyFormService } from "./index";

type Runbook = {
  name?: string;
  sql?: string;
  precheckSql?: string;
  expectedVersion?: string;
  verifySql?: string;
  expectedResult?: string;
};
type DbConfig = { database?: { urlEnv?: string; runbook?: Runbook; runbooks?: Runbook[] } };

const area =
  "mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900";

function Sql({ label, name, value, rows = 3 }: { label: string; name: string; value?: string; rows?: number }) {
  return (
    <label className="block text-sm sm:col-span-2">
      {label}
      <textarea name={name} defaultValue={value ?? ""} rows={rows} required className={area} spellCheck={false} />
    </label>
  );
}

export function DbMigrationForm({ service }: { service: StrategyFormService }) {
  const db = (service.strategyConfig as DbConfig)?.database ?? {};
  const rb = db.runbook ?? db.runbooks?.[0] ?? {};
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
      <ParamInput label="Runbook name" name="params.name" defaultValue={rb.name ?? ""} />
      <Sql
        label="Down-migration SQL (runs only on Roll back, in one transaction)"
        name="params.sql"
        value={rb.sql}
        rows={6}
      />
      <Sql
        label="Pre-check query (one SELECT; the preview runs it read-only)"
        name="params.precheckSql"
        value={rb.precheckSql}
      />
      <ParamInput
        label="Expected schema version"
        name="params.expectedVersion"
        defaultValue={rb.expectedVersion ?? ""}
        required
      />
      <div />
      <Sql label="Verification query" name="params.verifySql" value={rb.verifySql} />
      <ParamInput
        label="Expected verification result"
        name="params.expectedResult"
        defaultValue={rb.expectedResult ?? ""}
        required
      />
      <ParamInput label="Lock timeout (ms)" name="params.lockTimeoutMs" type="number" min={100} defaultValue={5000} />
    </div>
  );
}
