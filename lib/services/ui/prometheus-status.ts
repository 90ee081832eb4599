import "server-only";
/**
 * "Point to Prometheus" on the onboarding panel: the PROMETHEUS_URL setting (without any
 * credentials in it) and whether Prometheus answers a trivial query within 2 s.
 */
import { env } from "@/lib/env";
import { operatorMessageOf } from "@/lib/errors";
import { createPrometheusClient } from "@/lib/prometheus/client";

export type PrometheusStatus =
  { configured: false } | { configured: true; url: string; answers: boolean; message: string };

/** The URL as a person may read it: no user, no password, no query string. */
export function displayUrl(raw: string): string {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, "")}`;
}

export async function prometheusStatus(prometheusUrl = env().PROMETHEUS_URL): Promise<PrometheusStatus> {
  if (!prometheusUrl) return { configured: false };
  const url = displayUrl(prometheusUrl);
  try {
    await createPrometheusClient({ baseUrl: prometheusUrl, timeoutMs: 2_000 }).query("vector(1)");
    return { configured: true, url, answers: true, message: "answers" };
  } catch (e) {
    // The client's messages name the base URL; show the credential-free one instead.
    return {
      configured: true,
      url,
      answers: false,
      message: operatorMessageOf(e).replaceAll(prometheusUrl.replace(/\/+$/, ""), url),
    };
  }
}
