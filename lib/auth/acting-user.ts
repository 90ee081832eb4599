// Work not started by a browser request still acts as someone: the rollback runner resumes as the
// user who started a rollback, the trigger watcher acts as the system user "auto-trigger", and tests
// call actions as a chosen user. Only in-process code can set this; nothing from HTTP reaches it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Role } from "@/lib/generated/prisma/enums";

export type ActingUser = { id: string; email: string; name: string; role: Role };

const storage = new AsyncLocalStorage<ActingUser | "signed-out">();

export function runAs<T>(user: ActingUser | "signed-out", fn: () => Promise<T>): Promise<T> {
  return storage.run(user, fn);
}

export function actingUser(): ActingUser | "signed-out" | undefined {
  return storage.getStore();
}

/**
 * The system user: a real User row (migration 20261127000000_system_user) with this fixed id, so every
 * user id the app writes names someone. It has no password and no session resolves to it (see
 * lib/auth/config.ts and session.ts): nobody signs in as it.
 */
export const SYSTEM_USER_ID = "system-auto-trigger";

/** The system actor the trigger watcher uses; it may start rollbacks where policy is "auto". */
export const AUTO_TRIGGER: ActingUser = {
  id: SYSTEM_USER_ID,
  email: "auto-trigger@system.invalid",
  name: "auto-trigger",
  role: "commander",
};
