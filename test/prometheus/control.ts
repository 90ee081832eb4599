// For tests in vitest workers: drive the exporter that the global setup started, over HTTP.
import type { ExporterSettings } from "./exporter";

export async function setExporterService(
  exporterUrl: string,
  service: string,
  settings: Partial<ExporterSettings> = {},
) {
  const res = await fetch(`${exporterUrl}/control`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, settings }),
  });
  if (!res.ok) throw new Error(`exporter control failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as ExporterSettings;
}

export async function removeExporterService(exporterUrl: string, service: string) {
  const res = await fetch(`${exporterUrl}/control`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ service, remove: true }),
  });
  if (!res.ok) throw new Error(`exporter control failed: HTTP ${res.status}`);
}

/** Polls until fn returns a non-undefined value; the last error or value is in the timeout message. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${opts.what ?? "condition"}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
}

/** Waits until Prometheus holds at least n scrapes of the service's request counter (last 10 s). */
export async function waitForSamples(
  prom: { query(q: string): Promise<unknown> },
  service: string,
  n: number,
  timeoutMs = 30_000,
) {
  const promql = `count_over_time(orders_created_total{service="${service.replace(/["\\]/g, "\\$&")}"}[10s])`;
  await waitFor(
    async () => {
      const r = (await prom.query(promql)) as { kind: string; samples?: { value: number }[] };
      return (r.samples?.[0]?.value ?? 0) >= n ? true : undefined;
    },
    { timeoutMs, what: `${n} scrapes of ${service} in Prometheus` },
  );
}
