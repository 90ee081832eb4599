import type { V1Pod } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { findStuckPods } from "./stuck-pods";
import type { StatefulSet } from "./types";

const sts = (spec: Partial<StatefulSet["spec"]> = {}, updateRevision = "db-new"): StatefulSet => ({
  metadata: { name: "db", namespace: "shop", uid: "sts-uid" },
  spec: { selector: { matchLabels: { app: "db" } }, template: {}, ...spec },
  status: { updateRevision, currentRevision: "db-old" },
});

function pod(
  name: string,
  revision: string,
  health: "ready" | "pending" | "crash",
  extra: { owner?: string; deleting?: boolean } = {},
): V1Pod {
  return {
    metadata: {
      name,
      uid: `${name}-uid`,
      resourceVersion: "7",
      labels: { app: "db", "controller-revision-hash": revision },
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: extra.owner ?? "sts-uid", controller: true },
      ],
      deletionTimestamp: extra.deleting ? new Date() : undefined,
    },
    status:
      health === "ready"
        ? { phase: "Running", conditions: [{ type: "Ready", status: "True" }] }
        : health === "pending"
          ? {
              phase: "Pending",
              conditions: [
                {
                  type: "PodScheduled",
                  status: "False",
                  reason: "Unschedulable",
                  message: "0/2 nodes are available",
                },
              ],
            }
          : {
              phase: "Running",
              conditions: [{ type: "Ready", status: "False" }],
              containerStatuses: [
                {
                  name: "db",
                  image: "db:2",
                  imageID: "",
                  ready: false,
                  restartCount: 5,
                  state: { waiting: { reason: "CrashLoopBackOff", message: "back-off 5m0s" } },
                },
              ],
            },
  };
}

describe("findStuckPods (kubernetes#67250)", () => {
  it("names the pods on another revision that are not running and ready, with the cluster's reason", () => {
    const found = findStuckPods(sts(), [
      pod("db-0", "db-old", "ready"),
      pod("db-2", "db-bad", "crash"),
      pod("db-1", "db-bad", "pending"),
    ]);
    expect(found).toEqual({
      updateRevision: "db-new",
      pods: [
        {
          name: "db-1",
          uid: "db-1-uid",
          resourceVersion: "7",
          revision: "db-bad",
          reason: "PodScheduled Unschedulable: 0/2 nodes are available",
        },
        {
          name: "db-2",
          uid: "db-2-uid",
          resourceVersion: "7",
          revision: "db-bad",
          reason: "container db: CrashLoopBackOff (back-off 5m0s)",
        },
      ],
    });
  });

  it("leaves alone a broken pod already at the wanted revision (deleting it would not help)", () => {
    expect(findStuckPods(sts(), [pod("db-1", "db-new", "crash")])).toBeNull();
  });

  it("ignores healthy pods of the old revision, pods being deleted, and pods another object controls", () => {
    expect(
      findStuckPods(sts(), [
        pod("db-0", "db-old", "ready"),
        pod("db-1", "db-bad", "crash", { deleting: true }),
        pod("db-2", "db-bad", "crash", { owner: "other" }),
      ]),
    ).toBeNull();
  });

  it("reports nothing for Parallel pod management or the OnDelete strategy, where the rollout does not wait", () => {
    const broken = [pod("db-1", "db-bad", "crash")];
    expect(findStuckPods(sts({ podManagementPolicy: "Parallel" }), broken)).toBeNull();
    expect(findStuckPods(sts({ updateStrategy: { type: "OnDelete" } }), broken)).toBeNull();
    expect(findStuckPods(sts({ podManagementPolicy: "OrderedReady" }), broken)?.pods).toHaveLength(1);
  });
});
