// Work not started by a browser request still acts as someone: the rollback runner resumes as the
// user who started a rollback, the trigger watcher acts as "auto-trigger", and tests call actions as
// a chosen user. Only in-process code can set this; nothing from HTTP reaches it.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Role } from "@/lib/generated/prisma/enums";

export type ActingUser = { id: string | null; email: string; name: string; role: Role };

const storage = new AsyncLocalStorage<ActingUser | "signed-out">();

export function runAs<T>(user: ActingUser | "signed-out", fn: () => Promise<T>): Promise<T> {
  return storage.run(user, fn);
}

export function actingUser(): ActingUser | "signed-out" | undefined {
  return storage.getStore();
}

/** The system actor the trigger watcher uses; it may start rollbacks where policy is "auto". */
export const AUTO_TRIGGER: ActingUser = { id: null, email: "auto-trigger@system", name: "auto-trigger", role: "commander" };
