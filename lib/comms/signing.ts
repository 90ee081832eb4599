// HMAC signing of generic webhook deliveries. The signature covers "<timestamp>.<raw body>", so
// a receiver that checks the timestamp window also refuses replays of an old delivery:
//   X-RCC-Timestamp: 1796313600
//   X-RCC-Signature: sha256=<hex HMAC-SHA256(secret, "1796313600." + rawBody)>
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "x-rcc-signature";
export const TIMESTAMP_HEADER = "x-rcc-timestamp";
export const DELIVERY_HEADER = "x-rcc-delivery";
export const EVENT_HEADER = "x-rcc-event";

export function signBody(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex")}`;
}

/** What a receiver does (and what the tests use): constant-time compare, 5-minute window. */
export function verifySignature(opts: {
  secret: string;
  rawBody: string;
  timestamp: string | null | undefined;
  signature: string | null | undefined;
  now?: number;
  toleranceSec?: number;
}): boolean {
  const ts = Number(opts.timestamp);
  if (!opts.signature || !Number.isInteger(ts)) return false;
  const nowSec = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(nowSec - ts) > (opts.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signBody(opts.secret, ts, opts.rawBody));
  const given = Buffer.from(opts.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
