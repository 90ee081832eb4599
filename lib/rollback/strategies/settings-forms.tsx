"use client";
/**
 * The catalog editor's form for each section of a service's `strategies` settings, keyed by the
 * section (so a section added to strategiesSettingsSchema without a form here fails to compile).
 * Each form lives beside its section's schema: in its strategy's folder, or in lib/database-rollback/
 * for the `database` section that down-migration and table restore share.
 */
import type { ComponentType } from "react";
import {
  DatabaseSettingsForm,
  emptyDatabaseSettings,
  type DatabaseSettingsInput,
} from "@/lib/database-rollback/settings-form";
import { GitopsSettingsForm, emptyGitopsSettings, type GitopsSettingsInput } from "@/lib/gitops/settings-form";
import { BlueGreenSettingsForm, emptyBlueGreenSettings, type BlueGreenSettingsInput } from "./blue-green/settings-form";
import {
  WorkloadUndoSettingsForm,
  emptyWorkloadUndoSettings,
  type WorkloadUndoSettingsInput,
} from "./deployment-undo/settings-form";
import { CanarySettingsForm, emptyCanarySettings, type CanarySettingsInput } from "./canary/settings-form";
import { DrSettingsForm, emptyDrSettings, type DrSettingsInput } from "./dr-failover/settings-form";
import { FlagsSettingsForm, emptyFlagsSettings, type FlagsSettingsInput } from "./feature-flag/settings-form";
import {
  HelmReleasesSettingsForm,
  emptyHelmReleasesSettings,
  type HelmReleasesSettingsInput,
} from "./helm-rollback/settings-form";
import type { StrategiesSettings } from "./settings-schema";
import type { SectionContext, SettingsFormProps } from "./settings-form-types";

export type SectionKey = keyof StrategiesSettings;

/** Each section's value as its form holds it (the zod input of its schema). */
interface SectionInputs {
  blueGreen: BlueGreenSettingsInput;
  canary: CanarySettingsInput;
  flags: FlagsSettingsInput;
  database: DatabaseSettingsInput;
  dr: DrSettingsInput;
  gitops: GitopsSettingsInput;
  helmReleases: HelmReleasesSettingsInput;
  workloadUndo: WorkloadUndoSettingsInput;
}
export type SectionInput<K extends SectionKey> = SectionInputs[K];

export interface SectionForm<T> {
  /** The section's heading. */
  label: string;
  /** The strategies (planner labels) this section makes available. */
  enables: string;
  /** What a section starts with when a person adds it. */
  empty: (service: SectionContext) => T;
  Form: ComponentType<SettingsFormProps<T>>;
}

export const SETTINGS_FORMS: { [K in SectionKey]-?: SectionForm<SectionInput<K>> } = {
  blueGreen: {
    label: "Blue-green",
    enables: "Blue-green switch back",
    empty: emptyBlueGreenSettings,
    Form: BlueGreenSettingsForm,
  },
  canary: { label: "Canary", enables: "Canary abort", empty: emptyCanarySettings, Form: CanarySettingsForm },
  flags: { label: "Feature flags", enables: "Feature flag off", empty: emptyFlagsSettings, Form: FlagsSettingsForm },
  database: {
    label: "Database",
    enables: "Down-migration (with a runbook) and table restore (with tables)",
    empty: emptyDatabaseSettings,
    Form: DatabaseSettingsForm,
  },
  dr: { label: "Disaster recovery", enables: "DR failover", empty: emptyDrSettings, Form: DrSettingsForm },
  gitops: {
    label: "GitOps hold",
    enables: "Holding the listed Argo CD Applications / Flux objects during a rollback (not a strategy)",
    empty: emptyGitopsSettings,
    Form: GitopsSettingsForm,
  },
  helmReleases: {
    label: "Helm releases",
    enables: "Helm rollback",
    empty: emptyHelmReleasesSettings,
    Form: HelmReleasesSettingsForm,
  },
  workloadUndo: {
    label: "Workload undo options",
    enables: "Options of the Deployment, StatefulSet and DaemonSet undo (offered without them)",
    empty: emptyWorkloadUndoSettings,
    Form: WorkloadUndoSettingsForm,
  },
};

export const SECTION_KEYS = Object.keys(SETTINGS_FORMS) as SectionKey[];
