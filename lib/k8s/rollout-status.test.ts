import { describe, expect, it } from "vitest";
import type { Deployment } from "./types";
import { evaluateRollout } from "./rollout-status";

const d = (generation: number, status: Deployment["status"], replicas = 3): Deployment => ({
  metadata: { name: "web", generation },
  spec: { replicas, selector: {}, template: {} },
  status,
});

describe("evaluateRollout (kubectl DeploymentStatusViewer)", () => {
  it("waits for the spec update to be observed", () => {
    expect(evaluateRollout(d(2, { observedGeneration: 1 })).message).toBe(
      "Waiting for deployment spec update to be observed...",
    );
  });
  it("walks kubectl's conditions in order", () => {
    expect(evaluateRollout(d(2, { observedGeneration: 2, updatedReplicas: 1, replicas: 4 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(evaluateRollout(d(2, { observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).message).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
    expect(
      evaluateRollout(d(2, { observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).message,
    ).toBe('Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...');
    expect(
      evaluateRollout(d(2, { observedGeneration: 3, updatedReplicas: 3, replicas: 3, availableReplicas: 3 })),
    ).toEqual({
      done: true,
      message: 'deployment "web" successfully rolled out',
    });
  });
  it("fails on ProgressDeadlineExceeded", () => {
    const r = evaluateRollout(
      d(2, {
        observedGeneration: 2,
        conditions: [
          {
            type: "Progressing",
            status: "False",
            reason: "ProgressDeadlineExceeded",
            message: 'ReplicaSet "web-1" has timed out progressing.',
          },
        ],
      }),
    );
    expect(r.done).toBe(false);
    expect(r.failure).toBe(
      'deployment "web" exceeded its progress deadline: ReplicaSet "web-1" has timed out progressing.',
    );
  });
});
