import type { ServiceSource } from "@/lib/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";

const LABELS: Record<ServiceSource, { text: string; tone: string }> = {
  file: { text: "from catalog file (read-only)", tone: "monitoring" },
  annotation: { text: "from annotations", tone: "identified" },
  sandbox: { text: "sandbox", tone: "neutral" },
  editor: { text: "edited here", tone: "resolved" },
};

export function ManagedByBadge({ managedBy }: { managedBy: ServiceSource }) {
  const l = LABELS[managedBy];
  return <Badge tone={l.tone}>{l.text}</Badge>;
}
