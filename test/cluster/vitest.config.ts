// Standalone config for just the cluster tests: `npx vitest run -c test/cluster/vitest.config.ts`.
// The app's vitest.config.ts runs the same files in its "integration" project.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/cluster/**/*.integration.test.ts"],
    globalSetup: ["test/cluster/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
