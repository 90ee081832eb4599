import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES } from "./permissions";

describe("permissions", () => {
  it("lets a viewer read and nothing else", () => {
    const allowed = Object.keys(PERMISSIONS).filter((p) => can("viewer", p as keyof typeof PERMISSIONS));
    expect(allowed).toEqual(["incident.read"]);
  });

  it("keeps rollbacks to commanders and admins", () => {
    const allowed = ROLES.filter((r) => can(r, "rollback.start"));
    expect(allowed).toEqual(["commander", "admin"]);
  });

  it("lets comms publish but not roll back", () => {
    expect(can("comms", "notice.publish")).toBe(true);
    expect(can("comms", "rollback.start")).toBe(false);
    expect(can("responder", "notice.publish")).toBe(false);
  });

  it("denies a missing role", () => {
    expect(can(undefined, "incident.read")).toBe(false);
    expect(can(null, "incident.read")).toBe(false);
  });
});
