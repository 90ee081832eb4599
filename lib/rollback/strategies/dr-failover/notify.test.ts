import { describe, expect, it } from "vitest";
import { callDnsWebhook, triggerPage } from "./notify";

const SECRET = "S3cr3t-Passw0rd";
const body = { service: "web", namespace: "shop", from: "prod", to: "dr", reason: "test" };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("it should fail"),
    (e: unknown) => e,
  );

describe("DR notify errors are fixed sentences", () => {
  it("a variable holding something other than an http(s) URL is named, its value never shown", async () => {
    const e = await failure(callDnsWebhook(`postgres://app:${SECRET}@db.internal:5432/app`, undefined, body, "k"));
    expect(e).toMatchObject({ code: "invalid", userMessage: "the DNS-switch webhook is not set to an http(s) URL." });
    expect(String((e as Error).message)).not.toContain(SECRET);
  });

  it("fetch's own message (which quotes the URL) stays off the text", async () => {
    // Real fetch refuses a URL with credentials, quoting it whole in its message.
    const e = await failure(
      triggerPage(`http://pd:${SECRET}@127.0.0.1:9`, "key", "dedup", {
        summary: "x",
        source: "s",
        severity: "critical",
      }),
    );
    expect(e).toMatchObject({
      code: "unavailable",
      userMessage: "the paging endpoint at http://127.0.0.1:9 could not be reached.",
    });
    expect(JSON.stringify(e) + (e as Error).message).not.toContain(SECRET);
  });

  it("a failed answer shows its status, not its body; a cancelled call says so", async () => {
    const answering = (async () => new Response(`upstream said ${SECRET}`, { status: 502 })) as typeof fetch;
    const e = await failure(
      callDnsWebhook("https://dns.example.com/switch?token=t", undefined, body, "k", { fetch: answering }),
    );
    expect((e as { userMessage: string }).userMessage).toBe(
      "the DNS-switch webhook at https://dns.example.com answered HTTP 502.",
    );
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_r, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      )) as typeof fetch;
    const cancel = new AbortController();
    const cancelled = failure(
      triggerPage(
        "https://pd.example.com",
        "key",
        "dedup",
        { summary: "x", source: "s", severity: "critical" },
        { fetch: hanging, signal: cancel.signal },
      ),
    );
    cancel.abort(new Error(`cancelled ${SECRET}`));
    expect(((await cancelled) as { userMessage: string }).userMessage).toBe(
      "the paging endpoint at https://pd.example.com was cancelled.",
    );
  });

  it("a page's detail keeps only the Events API's status word, not the receiver's text", async () => {
    const answering = (async () =>
      new Response(JSON.stringify({ status: "success", message: `processed ${SECRET}`, dedup_key: "other" }), {
        status: 202,
      })) as typeof fetch;
    const r = await triggerPage(
      "https://pd.example.com",
      "key",
      "dedup-1",
      { summary: "x", source: "s", severity: "critical" },
      { fetch: answering },
    );
    expect(r).toEqual({
      detail: "on-call paged through https://pd.example.com (HTTP 202 success), dedup_key dedup-1",
      dedupKey: "dedup-1",
    });
  });
});
