// Parsing of Prometheus HTTP API answers into plain typed values. Pure, so it is unit-tested on
// recorded answers; the client only moves bytes.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  describePrometheusApiError,
  displayPrometheusUrl,
  type PrometheusErrorContext,
} from "@/lib/prometheus/describe-prometheus-error";

export type Labels = Record<string, string>;
/** t in epoch milliseconds. */
export type Point = { t: number; v: number };
export type Sample = { labels: Labels; t: number; value: number };
export type Series = { labels: Labels; points: Point[] };

export type InstantResult =
  | { kind: "vector"; samples: Sample[] }
  | { kind: "scalar"; t: number; value: number }
  | { kind: "string"; t: number; value: string };
export type ApiResult = InstantResult | { kind: "matrix"; series: Series[] };

// [unix seconds (float), "value as string"] as the API sends it.
const pair = z.tuple([z.number(), z.string()]);
const labels = z.record(z.string(), z.string()).default({});

const successSchema = z.object({
  status: z.literal("success"),
  data: z.discriminatedUnion("resultType", [
    z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: labels, value: pair })) }),
    z.object({ resultType: z.literal("matrix"), result: z.array(z.object({ metric: labels, values: z.array(pair) })) }),
    z.object({ resultType: z.literal("scalar"), result: pair }),
    z.object({ resultType: z.literal("string"), result: pair }),
  ]),
});

const errorSchema = z.object({
  status: z.literal("error"),
  errorType: z.string().default(""),
  error: z.string().default(""),
});

/** Prometheus writes non-finite values as "NaN", "+Inf" and "-Inf"; Number() misreads "+Inf". */
export function parseSampleValue(s: string): number {
  if (s === "+Inf" || s === "Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  return Number(s);
}

const point = ([t, v]: [number, string]): Point => ({ t: Math.round(t * 1000), v: parseSampleValue(v) });

/** `ctx`: what was asked of which Prometheus, for the error's sentence (describe-prometheus-error.ts). */
export function parseApiResponse(json: unknown, ctx: PrometheusErrorContext = { baseUrl: "" }): ApiResult {
  const err = errorSchema.safeParse(json);
  if (err.success) {
    const d = describePrometheusApiError(err.data.errorType, err.data.error, ctx);
    throw new AppError(d.code, d.message);
  }
  const ok = successSchema.safeParse(json);
  if (!ok.success) {
    const from = ctx.baseUrl ? displayPrometheusUrl(ctx.baseUrl) : "Prometheus";
    throw new AppError("unavailable", `Unexpected answer from ${from} (not a Prometheus API response)`);
  }
  const data = ok.data.data;
  switch (data.resultType) {
    case "vector":
      return {
        kind: "vector",
        samples: data.result.map((r) => {
          const p = point(r.value);
          return { labels: r.metric, t: p.t, value: p.v };
        }),
      };
    case "matrix":
      return { kind: "matrix", series: data.result.map((r) => ({ labels: r.metric, points: r.values.map(point) })) };
    case "scalar": {
      const p = point(data.result);
      return { kind: "scalar", t: p.t, value: p.v };
    }
    case "string":
      return { kind: "string", t: Math.round(data.result[0] * 1000), value: data.result[1] };
  }
}
