// Alertmanager webhook receiver (`webhook_configs` with `http_config.authorization.credentials`).
import { env } from "@/lib/env";
import { jsonError } from "@/lib/http/responses";
import { instrumented } from "@/lib/observability/metrics";
import { alertmanagerPayloadSchema, receiveAlertmanager, tokenMatches } from "@/lib/triggers/alertmanager";

export const dynamic = "force-dynamic";

const MAX_BYTES = 1_000_000;

const fail = (status: number, code: string, error: string, headers?: HeadersInit) =>
  Response.json({ ok: false, code, error }, { status, headers });

export const POST = instrumented("/api/alerts/alertmanager", async (req: Request) => {
  const expected = env().ALERTMANAGER_WEBHOOK_TOKEN;
  if (!expected)
    return fail(503, "unavailable", "The Alertmanager webhook is disabled: ALERTMANAGER_WEBHOOK_TOKEN is not set.");
  const given = /^Bearer\s+(.+)$/i.exec(req.headers.get("authorization") ?? "")?.[1]?.trim() ?? "";
  if (!given || !tokenMatches(given, expected)) {
    return fail(401, "unauthenticated", "A valid bearer token is required.", {
      "www-authenticate": 'Bearer realm="alertmanager"',
    });
  }
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BYTES) return fail(413, "invalid", "Payload too large.");
  let json: unknown;
  try {
    const text = await req.text();
    if (text.length > MAX_BYTES) return fail(413, "invalid", "Payload too large.");
    json = JSON.parse(text);
  } catch {
    return fail(400, "invalid", "The body is not JSON.");
  }
  const parsed = alertmanagerPayloadSchema.safeParse(json);
  if (!parsed.success) {
    const detail = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
      .join("; ");
    return fail(400, "invalid", `Not an Alertmanager v4 payload: ${detail}`);
  }
  try {
    return Response.json({ ok: true, results: await receiveAlertmanager(parsed.data) });
  } catch (e) {
    return jsonError(e);
  }
});
