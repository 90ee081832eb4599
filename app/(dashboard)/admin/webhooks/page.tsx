import { db } from "@/lib/db";
import { guardPage } from "@/lib/auth/guard-page";
import { formatUtc } from "@/lib/format/date";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { WebhookForm } from "@/components/comms/webhook-form";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await guardPage("webhook.edit");
  const hooks = await db.webhook.findMany({
    orderBy: { name: "asc" },
    include: {
      deliveries: {
        orderBy: { createdAt: "desc" },
        take: 5,
        select: {
          id: true,
          key: true,
          state: true,
          attempts: true,
          lastStatus: true,
          lastError: true,
          createdAt: true,
        },
      },
    },
  });
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-bold">Chat webhooks</h1>
        <a href="/admin/templates" className="text-sm underline">
          Notice templates
        </a>
      </header>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Internal webhooks get internal notices and team events (incident declared, rollback started/finished/failed,
        flag disabled, escalation); customer webhooks get published customer notices. Each is sent once, with 3
        attempts.
      </p>
      {hooks.map((h) => (
        <Card
          key={h.id}
          title={h.name}
          actions={<Badge tone={h.enabled ? "resolved" : "neutral"}>{h.enabled ? "enabled" : "disabled"}</Badge>}
        >
          <WebhookForm
            webhook={{
              id: h.id,
              name: h.name,
              kind: h.kind,
              url: h.url,
              hasSecret: Boolean(h.secret),
              audience: h.audience,
              enabled: h.enabled,
            }}
          />
          <h3 className="mt-4 text-sm font-semibold">Recent deliveries</h3>
          {h.deliveries.length === 0 ? (
            <p className="text-sm text-zinc-500">None yet.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-xs">
              {h.deliveries.map((d) => (
                <li key={d.id} className="flex flex-wrap gap-2">
                  <span className="text-zinc-500">{formatUtc(d.createdAt)}</span>
                  <span
                    className={
                      d.state === "delivered"
                        ? "text-green-700 dark:text-green-400"
                        : d.state === "failed"
                          ? "text-red-700 dark:text-red-400"
                          : ""
                    }
                  >
                    {d.state}
                  </span>
                  <span>{d.key}</span>
                  <span className="text-zinc-500">
                    {d.attempts} attempt{d.attempts === 1 ? "" : "s"}
                    {d.lastError ? `, last: ${d.lastError}` : ""}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ))}
      <Card title="Add a webhook">
        <WebhookForm />
      </Card>
    </div>
  );
}
