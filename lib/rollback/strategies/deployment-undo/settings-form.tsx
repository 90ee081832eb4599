"use client";
// The workload undo's options: whether it annotates kubernetes.io/change-cause after a rollback.
import type { z } from "zod";
import { CheckboxSetting } from "../settings-fields";
import type { SettingsFormProps } from "../settings-form-types";
import type { workloadUndoSettingsSchema } from "./settings";

export type WorkloadUndoSettingsInput = z.input<typeof workloadUndoSettingsSchema>;

/** Off until ticked: adding the section changes nothing by itself. */
export const emptyWorkloadUndoSettings = (): WorkloadUndoSettingsInput => ({ changeCause: false });

export function WorkloadUndoSettingsForm({
  value,
  onChange,
  path,
  errors,
  disabled,
}: SettingsFormProps<WorkloadUndoSettingsInput>) {
  return (
    <CheckboxSetting
      errors={errors}
      disabled={disabled}
      label="Annotate kubernetes.io/change-cause after a rollback"
      path={`${path}.changeCause`}
      checked={value.changeCause ?? false}
      onChange={(changeCause) => onChange({ ...value, changeCause })}
      hint="Who rolled back, for which incident, to which revision: what kubectl rollout history shows. Off, the object is exactly as kubectl rollout undo leaves it."
    />
  );
}
