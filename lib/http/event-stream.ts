// Server-Sent Events read with fetch instead of EventSource, because EventSource hides the HTTP
// status: a stream refused with 401 looks like a dropped connection and is retried forever.
// `followEventStream` reconnects after drops and gives up on answers that will not change
// (401, 403, 404), handing the caller the same FetchError as fetchJson. No server imports.
import { errorFromResponse, isFetchError, networkError, type FetchError } from "@/lib/http/fetch-json";

export type StreamMessage = { event: string; data: string; id: string | null };

/** Splits an SSE byte stream into messages, per the WHATWG event-stream format. */
export function eventStreamParser(onMessage: (m: StreamMessage) => void) {
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  let id: string | null = null;
  const line = (l: string) => {
    if (l === "") {
      if (data.length) onMessage({ event: event || "message", data: data.join("\n"), id });
      event = "";
      data = [];
      return;
    }
    if (l.startsWith(":")) return;
    const colon = l.indexOf(":");
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? "" : l.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
    else if (field === "id" && !value.includes("\0")) id = value;
  };
  return (chunk: Uint8Array | null) => {
    buffer += chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    // A trailing "\r" may be the first half of "\r\n": keep it until the next chunk says.
    const hold = chunk && buffer.endsWith("\r") ? "\r" : "";
    const lines = (hold ? buffer.slice(0, -1) : buffer).split(/\r\n|\r|\n/);
    buffer = (lines.pop() ?? "") + hold;
    for (const l of lines) line(l);
  };
}

/** Opens one stream and reads it until it ends; rejects with a FetchError if it cannot start. */
export async function readEventStream(
  url: string,
  opts: { signal: AbortSignal; onOpen?: () => void; onMessage: (m: StreamMessage) => void },
): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "text/event-stream" }, cache: "no-store", signal: opts.signal });
  } catch (e) {
    if (opts.signal.aborted) return;
    throw isFetchError(e) ? e : networkError();
  }
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok || !type.startsWith("text/event-stream") || !res.body) {
    const err = await errorFromResponse(res);
    // A 200 that is not a stream (a sign-in page, a proxy's page) cannot be read as one.
    throw res.ok && !err.sessionExpired
      ? Object.assign(err, { message: "The live stream answered with something other than events." })
      : err;
  }
  opts.onOpen?.();
  const feed = eventStreamParser(opts.onMessage);
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(value);
    }
    feed(null);
  } catch (e) {
    if (opts.signal.aborted) return;
    throw isFetchError(e) ? e : networkError();
  }
}

export type FollowHandlers = {
  /** The URL for the next attempt (so it can carry the last id seen). */
  url: () => string;
  onOpen?: () => void;
  onMessage: (m: StreamMessage) => void;
  /** The stream dropped and will be retried. */
  onDrop?: (e: FetchError | null) => void;
  /** The stream was refused for good (session expired, forbidden, gone): no more retries. */
  onGiveUp: (e: FetchError) => void;
  retryMs?: number;
};

/** Follows a stream across drops; returns a function that stops it. An `event: error` message
 * (the server failed mid-stream) counts as a drop, as it does for EventSource. */
export function followEventStream(h: FollowHandlers): () => void {
  let stopped = false;
  let current: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const attempt = () => {
    const controller = new AbortController();
    current = controller;
    let serverError = false;
    const onMessage = (m: StreamMessage) => {
      if (m.event !== "error") return h.onMessage(m);
      serverError = true;
      controller.abort();
    };
    readEventStream(h.url(), { signal: controller.signal, onOpen: h.onOpen, onMessage })
      .then(
        () => null,
        (e: unknown) => (isFetchError(e) ? e : networkError()),
      )
      .then((err) => {
        if (stopped || (controller.signal.aborted && !serverError)) return;
        if (err?.permanent) return h.onGiveUp(err);
        h.onDrop?.(err);
        timer = setTimeout(attempt, h.retryMs ?? 1000);
      });
  };
  attempt();
  return () => {
    stopped = true;
    clearTimeout(timer);
    current?.abort();
  };
}
