// Values that test/cluster/global-setup.ts provides to tests through vitest's inject().
declare module "vitest" {
  export interface ProvidedContext {
    /** Path of a kubeconfig for the test cluster (ours, or TEST_KUBECONFIG's). */
    kubeconfig: string;
  }
}

export {};
