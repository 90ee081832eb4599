// Where the group policy lives: one GroupPolicy row in Postgres, edited on /admin/groups, unless the
// operator mounts a file (RCC_OIDC_GROUP_ROLES_FILE, the chart's oidc.groupRoles). THE FILE WINS: each
// process loads it once on first use (before the first sign-in it evaluates), replaces the stored
// policy with it and marks the row managedBy "file", which the admin page shows read-only — like
// catalog-file services (lib/services/catalog). A file that cannot be read or parsed is not applied:
// the stored policy stays and the admin page shows why. Without the variable a file-managed row is
// handed back to the editor, its text kept.
import { readFile } from "node:fs/promises";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { parseGroupPolicy, type GroupRule, type PolicyError } from "@/lib/auth/group-policy";

const ID = "default";

export type GroupPolicyView = {
  text: string;
  rules: GroupRule[];
  /** Errors of the stored text (only possible for rows written before validation, or by hand). */
  errors: PolicyError[];
  managedBy: "editor" | "file";
  readOnly: boolean;
  revision: number;
  updatedByName: string | null;
  updatedAt: Date | null;
  file: { path: string; error: string | null } | null;
};

let fileLoad: { path: string; done: Promise<string | null> } | undefined;

async function loadFile(db: PrismaClient, path: string): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    return `could not read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`;
  }
  const parsed = parseGroupPolicy(text);
  if (!parsed.ok) return parsed.errors.map((e) => `line ${e.line}: ${e.message}`).join("; ");
  await db.groupPolicy.upsert({
    where: { id: ID },
    create: { id: ID, text, managedBy: "file", updatedByName: "policy file" },
    update: { text, managedBy: "file", revision: { increment: 1 }, updatedById: null, updatedByName: "policy file" },
  });
  return null;
}

/** Applies RCC_OIDC_GROUP_ROLES_FILE once per process (or per path); resolves to the file's error, if any. */
export function ensurePolicyFile(db: PrismaClient, path: string | undefined): Promise<string | null> {
  if (!path) return Promise.resolve(null);
  if (fileLoad?.path !== path) {
    const done = loadFile(db, path);
    fileLoad = { path, done };
    // A failed database call is retried at the next use rather than remembered.
    done.catch(() => (fileLoad = undefined));
  }
  return fileLoad.done;
}

export async function readGroupPolicy(db: PrismaClient, filePath: string | undefined): Promise<GroupPolicyView> {
  const fileError = await ensurePolicyFile(db, filePath);
  let row = await db.groupPolicy.findUnique({ where: { id: ID } });
  if (row?.managedBy === "file" && !filePath) {
    row = await db.groupPolicy.update({ where: { id: ID }, data: { managedBy: "editor" } });
  }
  const parsed = parseGroupPolicy(row?.text ?? "");
  const managedBy = row?.managedBy === "file" ? "file" : "editor";
  return {
    text: row?.text ?? "",
    rules: parsed.ok ? parsed.rules : [],
    errors: parsed.ok ? [] : parsed.errors,
    managedBy,
    readOnly: managedBy === "file" || Boolean(filePath),
    revision: row?.revision ?? 0,
    updatedByName: row?.updatedByName ?? null,
    updatedAt: row?.updatedAt ?? null,
    file: filePath ? { path: filePath, error: fileError } : null,
  };
}

export type SavePolicyResult = { ok: true; revision: number } | { ok: false; errors: PolicyError[] };

/** An admin's edit, over the revision they read; refused while a file manages the policy. */
export async function saveGroupPolicy(
  db: PrismaClient,
  input: { text: string; revision: number },
  actor: { id: string; name: string },
  filePath: string | undefined,
): Promise<SavePolicyResult> {
  const current = await readGroupPolicy(db, filePath);
  if (current.readOnly) {
    throw new AppError(
      "forbidden",
      "The group policy comes from RCC_OIDC_GROUP_ROLES_FILE: change the file (oidc.groupRoles).",
    );
  }
  const parsed = parseGroupPolicy(input.text);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const data = { text: input.text, updatedById: actor.id, updatedByName: actor.name };
  if (current.revision === 0) {
    const created = await db.groupPolicy.create({ data: { id: ID, ...data } }).catch(() => null);
    if (created) return { ok: true, revision: created.revision };
  } else {
    const { count } = await db.groupPolicy.updateMany({
      where: { id: ID, revision: input.revision, managedBy: "editor" },
      data: { ...data, revision: { increment: 1 } },
    });
    if (count === 1) return { ok: true, revision: input.revision + 1 };
  }
  throw new AppError("conflict", "Someone changed the group policy since you opened it: reload to see their version.");
}
