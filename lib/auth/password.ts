// Password hashing for the local credentials provider (bcrypt, pure JS: nothing native to build).
import bcrypt from "bcryptjs";

const COST = 10;
// Compared against when the user does not exist, so a wrong email costs as long as a wrong password.
const DUMMY_HASH = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8Jm1Rk8G3bL9V2a3Fh3nP2ZQ2l1rKe";

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return Boolean(hash) && ok;
}
