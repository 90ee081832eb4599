// Who may do what, from the identity provider, end to end: sign-ins through the app's own next-auth
// handlers against a real OpenID provider (oidc-provider on loopback, real signed ID tokens with a
// `groups` claim), the test Postgres and the test control plane. Groups become role and teams on the
// first and every later sign-in (a removed group drops the role), each change is audited, and a
// commander outside a service's owning team is refused by the real server actions while a member is not.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { db } from "@/lib/db";
import { runAs, type ActingUser } from "@/lib/auth/acting-user";
import { readGroupPolicy, saveGroupPolicy } from "@/lib/auth/group-policy-store";
import { planRollbackAction } from "@/lib/actions/plan-rollback";
import { startRollbackAction } from "@/lib/actions/start-rollback";
import { approveRollbackAction } from "@/lib/actions/approve-rollback";
import { setUserRoleAction } from "@/lib/actions/set-user-role";
import { saveGroupPolicyAction } from "@/lib/actions/save-group-policy";
import { startOidcProvider, type TestOidcProvider } from "@/test/oidc/provider";
import { authClient, type AuthHandlers } from "@/test/oidc/auth-client";
import { IMG, apply, createNamespace, deleteNamespace, deployment, waitObserved } from "@/test/k8s/helpers";
import { userWithRole } from "@/test/helpers/users";

const kubeconfig = inject("kubeconfig");
process.env.KUBECONFIG = kubeconfig;
const ORIGIN = "http://127.0.0.1:3998";
const uniq = () => Math.random().toString(36).slice(2, 8);
const POLICY = `# test policy
g, sre, role:commander
g, sre, team:payments
g, search-oncall, role:commander
g, search-oncall, team:search
g, support, role:comms
`;

let idp: TestOidcProvider;
let handlers: AuthHandlers;
let ns: string;
let tmp: string;

async function appHandlers(env: Record<string, string | undefined>): Promise<AuthHandlers> {
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  vi.resetModules(); // lib/env caches the environment, lib/auth/config builds its providers once
  return (await import("@/lib/auth/config")).handlers as AuthHandlers;
}

/** Signs `sub` in with these groups, as a fresh browser; the user as the database then holds them. */
async function signIn(sub: string, email: string, groups: string[]) {
  idp.signInAs(sub, { email, email_verified: true, name: `User ${sub}`, groups });
  const out = await authClient(handlers, ORIGIN).oidc();
  expect(out.landedOn).toBe("/incidents");
  return db.user.findUniqueOrThrow({ where: { id: out.userId! } });
}
const actor = (u: { id: string; email: string; name: string; role: ActingUser["role"] }): ActingUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
});

beforeAll(async () => {
  idp = await startOidcProvider({ redirectUri: `${ORIGIN}/api/auth/callback/oidc` });
  handlers = await appHandlers({
    AUTH_OIDC_ISSUER: idp.issuer,
    AUTH_OIDC_CLIENT_ID: idp.clientId,
    AUTH_OIDC_CLIENT_SECRET: idp.clientSecret,
    AUTH_OIDC_SCOPES: "openid profile email groups",
    RCC_OIDC_DEFAULT_ROLE: undefined,
    RCC_OIDC_GROUP_ROLES_FILE: undefined,
  });
  // The policy is one row shared by the test database: start from none, put it back to none after.
  await db.groupPolicy.deleteMany();
  const admin = await userWithRole("admin", "policy");
  expect(await saveGroupPolicy(db, { text: POLICY, revision: 0 }, admin, undefined)).toEqual({ ok: true, revision: 1 });
  tmp = await mkdtemp(path.join(os.tmpdir(), "rcc-policy-"));
}, 60_000);

afterAll(async () => {
  await db.groupPolicy.deleteMany();
  await idp?.stop();
  if (ns) await deleteNamespace(kubeconfig, ns);
  if (tmp) await rm(tmp, { recursive: true, force: true });
  for (const k of ["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET", "AUTH_OIDC_SCOPES"])
    delete process.env[k];
});

describe("groups → role and teams at each OIDC sign-in", () => {
  it("sets them on the first sign-in, follows the provider on later ones, and audits each change", async () => {
    const sub = `sub-${uniq()}`;
    const email = `ana-${uniq()}@corp.test`;
    const first = await signIn(sub, email, ["sre", "unmapped"]);
    expect(first).toMatchObject({ role: "commander", teams: ["payments"], roleSource: "oidc" });

    // The same groups again: nothing changes, nothing more is audited.
    await signIn(sub, email, ["unmapped", "sre"]);
    // Support added: commander stays the highest role; still one team.
    const third = await signIn(sub, email, ["sre", "support"]);
    expect(third).toMatchObject({ role: "commander", teams: ["payments"] });

    // sre removed at the provider: the role drops to the default and the team goes.
    const dropped = await signIn(sub, email, ["support"]);
    expect(dropped).toMatchObject({ role: "comms", teams: [] });
    const none = await signIn(sub, email, []);
    expect(none).toMatchObject({ role: "viewer", teams: [] });

    const audit = await db.roleAudit.findMany({ where: { userId: first.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.source, a.actorName, a.roleBefore, a.teamsBefore, a.roleAfter, a.teamsAfter])).toEqual([
      ["oidc", `User ${sub}`, null, [], "commander", ["payments"]],
      ["oidc", `User ${sub}`, "commander", ["payments"], "comms", []],
      ["oidc", `User ${sub}`, "comms", [], "viewer", []],
    ]);
  });

  it("overrides an admin's role at the next sign-in, and audits the admin's change too", async () => {
    const sub = `sub-${uniq()}`;
    const email = `ben-${uniq()}@corp.test`;
    const user = await signIn(sub, email, ["support"]);
    const admin = await userWithRole("admin", "roles");
    const set = await runAs(admin, () => setUserRoleAction({ userId: user.id, role: "commander" }));
    expect(set).toEqual({ ok: true, data: { id: user.id, role: "commander" } });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ roleSource: "admin" });

    const again = await signIn(sub, email, ["support"]);
    expect(again).toMatchObject({ role: "comms", roleSource: "oidc" });
    const audit = await db.roleAudit.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.source, a.actorName, a.roleBefore, a.roleAfter])).toEqual([
      ["oidc", `User ${sub}`, null, "comms"],
      ["admin", admin.name, "comms", "commander"],
      ["oidc", `User ${sub}`, "commander", "comms"],
    ]);
  });

  it("uses RCC_OIDC_DEFAULT_ROLE for groups that map to no role", async () => {
    handlers = await appHandlers({ RCC_OIDC_DEFAULT_ROLE: "responder" });
    try {
      const user = await signIn(`sub-${uniq()}`, `cy-${uniq()}@corp.test`, ["nobody-maps-this"]);
      expect(user).toMatchObject({ role: "responder", teams: [] });
    } finally {
      handlers = await appHandlers({ RCC_OIDC_DEFAULT_ROLE: undefined });
    }
  });
});

describe("the policy's store", () => {
  it("the admin action refuses a bad policy with line numbers and keeps the old one", async () => {
    const admin = await userWithRole("admin", "policy-edit");
    const current = await readGroupPolicy(db, undefined);
    const r = await runAs(admin, () =>
      saveGroupPolicyAction({ text: "g, sre, role:commander\ng, ops, role:root\n", revision: current.revision }),
    );
    expect(r).toEqual({
      ok: true,
      data: { ok: false, errors: [{ line: 2, message: expect.stringContaining("root") }] },
    });
    expect((await readGroupPolicy(db, undefined)).text).toBe(POLICY);
    const commander = await userWithRole("commander", "policy-edit");
    const forbidden = await runAs(commander, () => saveGroupPolicyAction({ text: "", revision: current.revision }));
    expect(forbidden).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("a policy file wins over the stored policy and makes it read-only; a bad file is not applied", async () => {
    const bad = path.join(tmp, "bad.csv");
    await writeFile(bad, "g, sre, role:commander\ng, sre\n");
    const refused = await readGroupPolicy(db, bad);
    expect(refused.file).toEqual({
      path: bad,
      error: "line 2: expected 3 comma-separated fields (g, group, role:… or team:…), found 2",
    });
    expect(refused.text).toBe(POLICY);

    const good = path.join(tmp, "policy.csv");
    await writeFile(good, "g, sre, role:admin\n");
    const fromFile = await readGroupPolicy(db, good);
    expect(fromFile).toMatchObject({ text: "g, sre, role:admin\n", managedBy: "file", readOnly: true });
    const admin = await userWithRole("admin", "policy-file");
    await expect(saveGroupPolicy(db, { text: POLICY, revision: fromFile.revision }, admin, good)).rejects.toThrow(
      /RCC_OIDC_GROUP_ROLES_FILE/,
    );
    // Without the file the row goes back to the editor, its text kept; put the test's policy back.
    const handed = await readGroupPolicy(db, undefined);
    expect(handed).toMatchObject({ managedBy: "editor", readOnly: false, text: "g, sre, role:admin\n" });
    expect(await saveGroupPolicy(db, { text: POLICY, revision: handed.revision }, admin, undefined)).toMatchObject({
      ok: true,
    });
  });
});

describe("a service owned by a team", () => {
  it("refuses a commander outside the team at plan, start and approve; a member plans and confirms", async () => {
    ns = await createNamespace(kubeconfig, "team");
    await apply(kubeconfig, ns, deployment("web", { image: IMG("3.9"), replicas: 1 }));
    await waitObserved(kubeconfig, ns, "web");
    await apply(kubeconfig, ns, deployment("web", { image: IMG("3.10"), replicas: 1 }));
    await waitObserved(kubeconfig, ns, "web");
    const service = await db.service.create({
      data: { name: `pay-${ns}`, namespace: ns, deployments: ["web"], team: "payments", needsSecondApprover: true },
    });
    const incident = await db.incident.create({
      data: { title: "payments down", severity: "P1", serviceId: service.id },
    });
    const member = actor(await signIn(`sub-${uniq()}`, `pam-${uniq()}@corp.test`, ["sre"]));
    const outsider = actor(await signIn(`sub-${uniq()}`, `sol-${uniq()}@corp.test`, ["search-oncall"]));
    expect([member.role, outsider.role]).toEqual(["commander", "commander"]);
    const plan = (who: ActingUser) =>
      runAs(who, () =>
        planRollbackAction({
          incidentId: incident.id,
          serviceId: service.id,
          strategy: "deployment-undo",
          params: { deployment: "web" },
          idempotencyKey: `team-${uniq()}`,
        }),
      );

    const refused = await plan(outsider);
    expect(refused).toEqual({
      ok: false,
      code: "forbidden",
      error: `Forbidden: ${service.name} is owned by team payments; only its members (or an admin) may roll it back.`,
    });
    expect(await db.rollbackAction.count({ where: { incidentId: incident.id } })).toBe(0);

    const planned = await plan(member);
    expect(planned).toMatchObject({ ok: true, data: { state: "planned" } });
    const actionId = planned.ok ? planned.data.actionId : "";
    const outsiderStart = await runAs(outsider, () => startRollbackAction({ actionId, confirmation: service.name }));
    expect(outsiderStart).toMatchObject({
      ok: false,
      code: "forbidden",
      error: expect.stringContaining("team payments"),
    });
    const started = await runAs(member, () => startRollbackAction({ actionId, confirmation: service.name }));
    expect(started).toMatchObject({ ok: true });
    expect((await db.rollbackAction.findUniqueOrThrow({ where: { id: actionId } })).state).toBe("awaiting_approval");
    const outsiderApprove = await runAs(outsider, () => approveRollbackAction({ actionId }));
    expect(outsiderApprove).toMatchObject({
      ok: false,
      code: "forbidden",
      error: expect.stringContaining("team payments"),
    });

    // The member leaves the team at the provider: refused from the next sign-in on.
    const patSub = `sub-${uniq()}`;
    const pat = actor(await signIn(patSub, `pat-${uniq()}@corp.test`, ["sre"]));
    await signIn(patSub, pat.email, ["search-oncall"]);
    expect(await plan(pat)).toMatchObject({ ok: false, code: "forbidden" });
    await db.rollbackAction.updateMany({ where: { incidentId: incident.id }, data: { state: "cancelled" } });
  });
});
