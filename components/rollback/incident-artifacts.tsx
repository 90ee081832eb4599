import { formatUtc } from "@/lib/format/date";
import { incidentArtifacts } from "@/lib/rollback/queries";
import { artifactRetentionDays } from "@/lib/rollback/sweep-artifacts";
import { Card } from "@/components/ui/card";

// What was kept before each rollback (names only; secrets are redacted at capture) and when the
// retention sweep deletes it.
export async function IncidentArtifacts({ incidentId }: { incidentId: string }) {
  const artifacts = await incidentArtifacts(incidentId);
  if (artifacts.length === 0) return null;
  return (
    <Card title="Captured artifacts">
      <p className="mb-2 text-xs text-zinc-500">
        Kept {artifactRetentionDays()} days after capture, then deleted. Env values and secrets are redacted.
      </p>
      <ul className="space-y-1 text-sm" data-testid="artifacts">
        {artifacts.map((a) => (
          <li key={a.id} className="flex flex-wrap justify-between gap-2">
            <span className="font-mono break-all">{a.name}</span>
            <span className="text-xs text-zinc-500">
              {a.size} bytes · captured {formatUtc(a.createdAt)} ·{" "}
              <time dateTime={a.expiresAt}>expires {formatUtc(a.expiresAt)}</time>
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
