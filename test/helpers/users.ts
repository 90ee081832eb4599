// Users of each role for integration tests, created in the test database.
import { db } from "@/lib/db";
import type { ActingUser } from "@/lib/auth/acting-user";
import type { Role } from "@/lib/generated/prisma/enums";

export async function userWithRole(role: Role, tag = ""): Promise<ActingUser> {
  const email = `${role}${tag}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const u = await db.user.create({ data: { email, name: `${role} ${tag}`.trim(), role } });
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}
