"use client";
// The service's database, shared by the down-migration and table-restore strategies (one `database`
// section in the settings, so one form beside its schema): the env var naming its URL, the reviewed
// runbooks, and the tables a restore may replace.
import type { z } from "zod";
import { CheckboxSetting, ListSetting, TextAreaSetting, TextSetting } from "@/lib/rollback/strategies/settings-fields";
import { type SettingsFormProps } from "@/lib/rollback/strategies/settings-form-types";
import { optionalText as optional } from "@/lib/rollback/strategies/form-fields";
import type { runbookSettingsSchema } from "./settings";

type RunbookInput = z.input<typeof runbookSettingsSchema>;
/** The `database` section as a form holds it (the schema also reads older single-runbook rows). */
export type DatabaseSettingsInput = {
  urlEnv: string;
  runbooks?: RunbookInput[];
  restore?: { tables: string[]; backupPath?: string; updatedAtColumn?: string };
};

export const emptyDatabaseSettings = (): DatabaseSettingsInput => ({ urlEnv: "", runbooks: [] });

const emptyRunbook = (): RunbookInput => ({
  name: "",
  sql: "",
  precheckSql: "",
  expectedVersion: "",
  verifySql: "",
  expectedResult: "",
});

const RUNBOOK_FIELDS = [
  ["sql", "Down-migration SQL", 5],
  ["precheckSql", "Pre-check SQL (returns the schema version)", 2],
  ["verifySql", "Verify SQL", 2],
] as const;

export function DatabaseSettingsForm({
  value,
  onChange,
  path,
  errors,
  disabled,
}: SettingsFormProps<DatabaseSettingsInput>) {
  const set = (patch: Partial<DatabaseSettingsInput>) => onChange({ ...value, ...patch });
  const runbooks = value.runbooks ?? [];
  const setRunbook = (i: number, patch: Partial<RunbookInput>) =>
    set({ runbooks: runbooks.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const c = { errors, disabled };
  return (
    <div className="space-y-3">
      <TextSetting
        {...c}
        label="Database URL variable"
        path={`${path}.urlEnv`}
        value={value.urlEnv}
        onChange={(v) => set({ urlEnv: v })}
        placeholder="RCC_SERVICE_SHOP_DB_URL"
        hint="The name of the server environment variable holding the URL; the URL itself never leaves the server."
        required
      />
      <h4 className="text-sm font-semibold">Down-migration runbooks</h4>
      {runbooks.length === 0 && <p className="text-sm text-zinc-500">None: down-migration is not offered.</p>}
      {runbooks.map((r, i) => (
        <fieldset key={i} className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-800">
          <legend className="px-1 text-xs font-semibold text-zinc-500">Runbook {i + 1}</legend>
          <TextSetting
            {...c}
            label="Name"
            path={`${path}.runbooks.${i}.name`}
            value={r.name}
            onChange={(v) => setRunbook(i, { name: v })}
          />
          {RUNBOOK_FIELDS.map(([key, label, rows]) => (
            <TextAreaSetting
              {...c}
              key={key}
              mono
              rows={rows}
              label={label}
              path={`${path}.runbooks.${i}.${key}`}
              value={r[key]}
              onChange={(v) => setRunbook(i, { [key]: v })}
            />
          ))}
          <div className="grid gap-3 sm:grid-cols-2">
            <TextSetting
              {...c}
              label="Expected version before"
              path={`${path}.runbooks.${i}.expectedVersion`}
              value={r.expectedVersion}
              onChange={(v) => setRunbook(i, { expectedVersion: v })}
            />
            <TextSetting
              {...c}
              label="Expected verify result"
              path={`${path}.runbooks.${i}.expectedResult`}
              value={r.expectedResult}
              onChange={(v) => setRunbook(i, { expectedResult: v })}
            />
          </div>
          {!disabled && (
            <button
              type="button"
              className="text-sm text-red-700 underline dark:text-red-400"
              onClick={() => set({ runbooks: runbooks.filter((_, j) => j !== i) })}
            >
              Remove runbook {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {!disabled && (
        <button
          type="button"
          className="text-sm underline"
          onClick={() => set({ runbooks: [...runbooks, emptyRunbook()] })}
        >
          Add a runbook
        </button>
      )}
      <CheckboxSetting
        {...c}
        label="Table restore from a backup"
        path={`${path}.restore`}
        checked={value.restore !== undefined}
        onChange={(on) => set({ restore: on ? { tables: [] } : undefined })}
      />
      {value.restore && (
        <div className="grid gap-3 sm:grid-cols-2">
          <ListSetting
            {...c}
            label="Tables a restore may replace (one per line)"
            path={`${path}.restore.tables`}
            value={value.restore.tables}
            onChange={(v) => set({ restore: { ...value.restore!, tables: v } })}
          />
          <div className="space-y-3">
            <TextSetting
              {...c}
              label="Default backup file"
              path={`${path}.restore.backupPath`}
              value={value.restore.backupPath}
              onChange={(v) => set({ restore: { ...value.restore!, backupPath: optional(v) } })}
              hint="A pg_dump -Fc file inside RCC_DB_BACKUP_DIRS."
            />
            <TextSetting
              {...c}
              label="updated_at column"
              path={`${path}.restore.updatedAtColumn`}
              value={value.restore.updatedAtColumn}
              onChange={(v) => set({ restore: { ...value.restore!, updatedAtColumn: optional(v) } })}
            />
          </div>
        </div>
      )}
    </div>
  );
}
