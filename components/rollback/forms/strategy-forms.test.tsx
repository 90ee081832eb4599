import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { targetsOf } from "@/lib/services/service-settings";
import { STRATEGY_FORMS } from "./index";

const service = { id: "svc_1", name: "shop" };
const targets = (strategyConfig: object) =>
  targetsOf({ name: "shop", clusterContext: "prod", namespace: "shop", deployments: ["web"], strategyConfig });

function render(kind: keyof typeof STRATEGY_FORMS, strategyConfig: object): string {
  const { Form } = STRATEGY_FORMS[kind];
  return renderToStaticMarkup(
    <QueryClientProvider client={new QueryClient()}>
      <Form service={service} targets={targets(strategyConfig)} onChange={() => {}} />
    </QueryClientProvider>,
  );
}

/** The <input> inside the label that starts with `label`. */
const input = (html: string, label: string) => html.match(new RegExp(`<label[^>]*>${label}[^<]*<input([^>]*)>`))?.[1];

describe("strategy forms", () => {
  it("show what the server would refuse to change read-only, from the settings", () => {
    const html = render("blue-green", { blueGreen: { service: "web", stableColor: "blue", badColor: "green" } });
    expect(input(html, "Kubernetes Service")).toMatch(/value="web"[^>]*readOnly=""|readOnly=""[^>]*value="web"/);
    expect(input(html, "Bad color")).toContain('value="green"');
    expect(input(html, "Bad color")).toContain("readOnly");
    expect(html).toContain('<option value="blue" selected="">blue</option>');
  });

  it("offer the route the service configures, and no removal step without a canary Deployment", () => {
    const html = render("canary", {
      canary: { routeKind: "gateway", routeName: "shop", stableBackend: "s", canaryBackend: "c" },
    });
    expect(html).toContain("Gateway API HTTPRoute");
    expect(html).not.toContain("Istio VirtualService");
    expect(html).not.toContain("Scale the canary to 0");
    expect(input(html, "Weight steps \\(%\\)")).not.toContain("readOnly");
  });

  it("show DR env var names (never values) and the bridge line", () => {
    const html = render("dr-failover", {
      dr: { context: "dr", kubeconfigEnv: "RCC_SERVICE_DR_KUBECONFIG", bridgeLine: "call 555" },
    });
    expect(html).toContain("RCC_SERVICE_DR_KUBECONFIG");
    expect(html).toContain("Bridge: <strong>call 555</strong>");
    expect(input(html, "DR cluster context")).toContain("readOnly");
  });

  it("say so instead of a form when the settings lack what the strategy needs", () => {
    expect(render("db-restore", {})).toContain("This service does not configure a table restore.");
  });
});
