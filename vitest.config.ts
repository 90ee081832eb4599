import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  "server-only": path.resolve(import.meta.dirname, "test/server-only-stub.ts"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.{ts,tsx}", "test/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.integration.test.ts"],
          exclude: ["node_modules/**"],
          environment: "node",
          // next-auth imports "next/server" without an extension; let Vite resolve it.
          server: { deps: { inline: ["next-auth"] } },
          globalSetup: [
            "test/postgres/global-setup.ts",
            "test/cluster/global-setup.ts",
            "test/prometheus/global-setup.ts",
          ],
          setupFiles: ["test/integration-env.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Tests share one database and cluster; files run one at a time so they never race.
          fileParallelism: false,
        },
      },
    ],
  },
});
