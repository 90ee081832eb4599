// Values that test/prometheus/global-setup.ts provides to tests through vitest's inject().
declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the test Prometheus (scrapes the exporter every second). */
    prometheusUrl: string;
    /** Base URL of the test exporter; drive it with ./control.ts. */
    exporterUrl: string;
  }
}

export {};
