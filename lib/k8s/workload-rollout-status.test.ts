import { describe, expect, it } from "vitest";
import { evaluateDaemonSetRollout } from "./daemonset-rollout-status";
import { evaluateStatefulSetRollout } from "./statefulset-rollout-status";
import type { DaemonSet, StatefulSet } from "./types";

const sts = (
  status: StatefulSet["status"],
  o: { replicas?: number; generation?: number; updateStrategy?: StatefulSet["spec"]["updateStrategy"] } = {},
): StatefulSet => ({
  metadata: { name: "db", generation: o.generation ?? 2 },
  spec: {
    replicas: o.replicas ?? 3,
    selector: {},
    template: {},
    updateStrategy: o.updateStrategy ?? { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
  },
  status,
});

describe("evaluateStatefulSetRollout (kubectl StatefulSetStatusViewer)", () => {
  it("waits for the spec to be observed (0 counts as not observed)", () => {
    expect(evaluateStatefulSetRollout(sts({ observedGeneration: 0 }, { generation: 0 })).message).toBe(
      "Waiting for statefulset spec update to be observed...",
    );
    expect(evaluateStatefulSetRollout(sts({ observedGeneration: 1 })).done).toBe(false);
  });
  it("then for readiness, then for the partition", () => {
    expect(evaluateStatefulSetRollout(sts({ observedGeneration: 2, readyReplicas: 1 })).message).toBe(
      "Waiting for 2 pods to be ready...",
    );
    const partitioned = { type: "RollingUpdate", rollingUpdate: { partition: 1 } };
    expect(
      evaluateStatefulSetRollout(
        sts({ observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1 }, { updateStrategy: partitioned }),
      ),
    ).toEqual({
      done: false,
      message: "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...",
    });
    expect(
      evaluateStatefulSetRollout(
        sts({ observedGeneration: 2, readyReplicas: 3, updatedReplicas: 2 }, { updateStrategy: partitioned }),
      ),
    ).toEqual({ done: true, message: "partitioned roll out complete: 2 new pods have been updated..." });
  });
  it("without rollingUpdate, compares the revisions", () => {
    const plain = { type: "RollingUpdate" };
    const s = { observedGeneration: 2, readyReplicas: 3, updatedReplicas: 1, currentReplicas: 3 };
    expect(
      evaluateStatefulSetRollout(
        sts({ ...s, currentRevision: "db-1", updateRevision: "db-2" }, { updateStrategy: plain }),
      ).message,
    ).toBe("waiting for statefulset rolling update to complete 1 pods at revision db-2...");
    expect(
      evaluateStatefulSetRollout(
        sts({ ...s, currentRevision: "db-2", updateRevision: "db-2" }, { updateStrategy: plain }),
      ),
    ).toEqual({ done: true, message: "statefulset rolling update complete 3 pods at revision db-2..." });
  });
  it("reports OnDelete as kubectl does, and does not wait on it", () => {
    expect(evaluateStatefulSetRollout(sts({}, { updateStrategy: { type: "OnDelete" } }))).toEqual({
      done: true,
      unsupported: true,
      message: "rollout status is only available for RollingUpdate strategy type",
    });
  });
});

const ds = (status: DaemonSet["status"], type = "RollingUpdate", generation = 2): DaemonSet => ({
  metadata: { name: "agent", generation },
  spec: { selector: {}, template: {}, updateStrategy: { type } },
  status,
});

describe("evaluateDaemonSetRollout (kubectl DaemonSetStatusViewer)", () => {
  it("walks kubectl's conditions in order", () => {
    expect(evaluateDaemonSetRollout(ds({ observedGeneration: 1 })).message).toBe(
      "Waiting for daemon set spec update to be observed...",
    );
    const base = { observedGeneration: 2, desiredNumberScheduled: 3 };
    expect(evaluateDaemonSetRollout(ds({ ...base, updatedNumberScheduled: 1 })).message).toBe(
      'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...',
    );
    expect(evaluateDaemonSetRollout(ds({ ...base, updatedNumberScheduled: 3, numberAvailable: 2 })).message).toBe(
      'Waiting for daemon set "agent" rollout to finish: 2 of 3 updated pods are available...',
    );
    expect(evaluateDaemonSetRollout(ds({ ...base, updatedNumberScheduled: 3, numberAvailable: 3 }))).toEqual({
      done: true,
      message: 'daemon set "agent" successfully rolled out',
    });
  });
  it("reports OnDelete as kubectl does", () => {
    expect(evaluateDaemonSetRollout(ds({}, "OnDelete"))).toMatchObject({
      done: true,
      unsupported: true,
      message: "rollout status is only available for RollingUpdate strategy type",
    });
  });
});
