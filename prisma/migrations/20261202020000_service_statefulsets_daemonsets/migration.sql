-- Issue 16: a service's StatefulSets and DaemonSets, which the workload undo rolls back as kubectl
-- rollout undo does (from their ControllerRevisions). Existing services target none of them.
ALTER TABLE "Service" ADD COLUMN "statefulSets" TEXT[] DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Service" ADD COLUMN "daemonSets" TEXT[] DEFAULT ARRAY[]::TEXT[];
