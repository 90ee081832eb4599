// A second dashboard for the onboarding spec (e2e/onboarding.spec.ts): the same build, cluster,
// Prometheus and server settings as the main one, but its own freshly migrated database holding the
// seeded users and NO services, and no catalog file. The main server's database has the services of
// every other spec, so "an empty catalog" needs its own server; specs find it at E2E_EMPTY_BASE_URL.
import { spawn } from "node:child_process";
import path from "node:path";
import { createDatabase } from "../test/postgres/database";
import { seed } from "../prisma/seed";

const root = path.resolve(import.meta.dirname, "..");

/** Whether the Playwright arguments run the onboarding spec (all specs, or it named). */
export function wantsEmptyDashboard(args: readonly string[]): boolean {
  const files = args.filter((a) => !a.startsWith("-"));
  return files.length === 0 || files.some((f) => f.includes("onboarding"));
}

export async function startEmptyDashboard(
  env: NodeJS.ProcessEnv,
  port: number,
): Promise<{ url: string; stop(): Promise<void> }> {
  const database = await createDatabase("rcc_e2e_empty");
  await seed(database.url, { users: "embedded-known-passwords" });
  const serverEnv: NodeJS.ProcessEnv = { ...env, DATABASE_URL: database.url };
  delete serverEnv.RCC_CATALOG;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: serverEnv,
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr.on("data", (d: Buffer) => process.stderr.write(`[e2e empty dashboard] ${d}`));
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", (code) => {
      exited = code ?? 1;
      resolve();
    }),
  );
  const stop = async () => {
    if (exited === null) {
      child.kill("SIGTERM");
      await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000))]);
    }
    if (!process.env.KEEP_TEST_DB) await database.drop();
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`the empty dashboard exited with ${exited} before answering`);
    }
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the empty dashboard did not answer ${url}/api/health within 60 s`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
