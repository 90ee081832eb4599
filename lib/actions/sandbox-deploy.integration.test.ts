// The sandbox's deploy button is a public endpoint like any action: outside the sandbox even a
// commander is refused, before anything reads or writes a cluster.
import { afterEach, describe, expect, it } from "vitest";
import { runAs } from "@/lib/auth/acting-user";
import { userWithRole } from "@/test/helpers/users";
import { deployBadVersionAction } from "@/lib/actions/sandbox-deploy";

describe("deployBadVersionAction", () => {
  const saved = process.env.RCC_SANDBOX;
  afterEach(() => {
    if (saved === undefined) delete process.env.RCC_SANDBOX;
    else process.env.RCC_SANDBOX = saved;
  });

  it("refuses a commander when the server is not the sandbox", async () => {
    delete process.env.RCC_SANDBOX;
    const commander = await userWithRole("commander", "sandbox");
    const r = await runAs(commander, () => deployBadVersionAction({}));
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(r.ok ? "" : r.error).toMatch(/only available in the sandbox/);
  });

  it("refuses a responder even in the sandbox", async () => {
    process.env.RCC_SANDBOX = "1";
    const responder = await userWithRole("responder", "sandbox");
    const r = await runAs(responder, () => deployBadVersionAction({}));
    expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(r.ok ? "" : r.error).toMatch(/^Forbidden/);
  });
});
