import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "@/lib/comms/signing";

describe("webhook signatures", () => {
  const secret = "0123456789abcdef-secret";
  const body = '{"event":"notice.published"}';
  const ts = 1_796_313_600;

  it("is HMAC-SHA256 over timestamp.body, hex, prefixed", () => {
    const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
    expect(signBody(secret, ts, body)).toBe(`sha256=${expected}`);
  });

  it("verifies, and refuses a changed body, a wrong secret, or an old timestamp", () => {
    const signature = signBody(secret, ts, body);
    const now = ts * 1000;
    expect(verifySignature({ secret, rawBody: body, timestamp: String(ts), signature, now })).toBe(true);
    expect(verifySignature({ secret, rawBody: `${body} `, timestamp: String(ts), signature, now })).toBe(false);
    expect(
      verifySignature({ secret: "other-secret-000000", rawBody: body, timestamp: String(ts), signature, now }),
    ).toBe(false);
    expect(verifySignature({ secret, rawBody: body, timestamp: String(ts), signature, now: now + 301_000 })).toBe(
      false,
    );
    expect(verifySignature({ secret, rawBody: body, timestamp: null, signature, now })).toBe(false);
  });
});
