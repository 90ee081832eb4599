// The replicas e2e (scripts/e2e-replicas.ts starts the two servers and passes their ports): the
// main config's browser settings, without its `next start` web server; each spec puts its own
// proxy in front of the replicas, so there is no baseURL here.
import { defineConfig } from "@playwright/test";
import base from "../../playwright.config";

export default defineConfig({
  ...base,
  testDir: ".",
  testIgnore: undefined,
  timeout: 240_000,
  // Two production servers, the control plane and Chromium share the machine: slower first answers.
  expect: { timeout: 30_000 },
  webServer: undefined,
  use: { ...base.use, baseURL: undefined },
});
