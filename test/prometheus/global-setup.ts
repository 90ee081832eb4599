// Vitest global setup: the test-controlled exporter and a real Prometheus scraping it every second.
// Tests reach them with inject("prometheusUrl") / inject("exporterUrl") (see provided.d.ts).
import type { TestProject } from "vitest/node";
import { startExporter } from "./exporter";
import { startPrometheus } from "./launcher";

export default async function setup(project: TestProject) {
  const exporter = await startExporter();
  let prometheus;
  try {
    prometheus = await startPrometheus({ scrapeTargets: [`127.0.0.1:${exporter.port}`], scrapeIntervalSec: 1 });
  } catch (e) {
    await exporter.stop();
    throw e;
  }
  process.stderr.write(
    `[prometheus] ready in ${prometheus.startupMs} ms at ${prometheus.url}, scraping ${exporter.url}\n`,
  );
  process.env.TEST_PROMETHEUS_URL = prometheus.url;
  project.provide("prometheusUrl", prometheus.url);
  project.provide("exporterUrl", exporter.url);
  return async () => {
    await prometheus.stop();
    await exporter.stop();
  };
}
