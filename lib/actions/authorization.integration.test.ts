// Every server action is a public HTTP endpoint: each must refuse a viewer and a signed-out
// caller on the server, and write nothing. New actions are picked up by scanning the folder.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { db } from "@/lib/db";
import { rowCounts } from "@/test/helpers/db-snapshot";
import { userWithRole } from "@/test/helpers/users";

type Action = (input?: Record<string, unknown>) => Promise<{ ok: boolean; code?: string; error?: string }>;

const NOT_GUARDED = new Set(["define-action.ts", "sign-in.ts"]); // sign-in establishes the session

async function allActions(): Promise<[string, Action][]> {
  const dir = path.resolve(import.meta.dirname);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test.") && !NOT_GUARDED.has(f));
  const found: [string, Action][] = [];
  for (const f of files) {
    const mod = (await import(path.join(dir, f))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (name.endsWith("Action") && typeof value === "function") found.push([`${f}:${name}`, value as Action]);
    }
  }
  return found;
}

describe("server actions refuse callers without the role", () => {
  let viewer: ActingUser;
  let sampleInput: Record<string, unknown>;

  beforeAll(async () => {
    viewer = await userWithRole("viewer");
    const commander = await userWithRole("commander");
    const service = await db.service.create({ data: { name: `authz-${Date.now()}`, deployments: ["web"] } });
    const incident = await db.incident.create({
      data: { title: "authz target", severity: "P3", serviceId: service.id, declaredById: commander.id },
    });
    // A well-formed input for any action, so a refusal cannot be a validation error in disguise.
    sampleInput = {
      incidentId: incident.id,
      serviceId: service.id,
      userId: commander.id,
      title: "valid title",
      severity: "P1",
      status: "resolved",
      role: "admin",
      message: "valid message",
      impact: "valid impact",
    };
  });

  it("finds the actions to check", async () => {
    expect((await allActions()).length).toBeGreaterThanOrEqual(4);
  });

  for (const who of ["viewer", "signed-out"] as const) {
    it(`as ${who}: every action is refused and nothing is written`, async () => {
      const before = await rowCounts(inject("databaseUrl"));
      const actions = await allActions();
      for (const [name, action] of actions) {
        const result = await runAs(who === "viewer" ? viewer : "signed-out", () => action(sampleInput));
        expect(result.ok, `${name} accepted a ${who}`).toBe(false);
        if (who === "viewer") {
          expect(result.code, name).toBe("forbidden");
          expect(result.error, name).toMatch(/^Forbidden/);
        } else {
          expect(result.code, name).toBe("unauthenticated");
          expect(result.error, name).toBe("Sign in to continue.");
        }
      }
      expect(await rowCounts(inject("databaseUrl"))).toEqual(before);
    });
  }
});
