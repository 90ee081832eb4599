import Link from "next/link";
import { Providers } from "@/components/providers";
import { currentUser } from "@/lib/auth/session";
import { redirectToSignIn } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { signOutAction } from "@/lib/actions/sign-in";
import { TriggerAlerts } from "@/components/charts/trigger-alerts";
import { MainNav, type NavItem } from "@/components/nav/main-nav";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  if (!user) return redirectToSignIn();
  const nav: NavItem[] = [
    { href: "/incidents", label: "Incidents" },
    { href: "/services", label: "Services" },
    { href: "/metrics", label: "Metrics" },
    ...(can(user.role, "service.edit") ? [{ href: "/admin/services", label: "Catalog" }] : []),
    ...(can(user.role, "user.setRole") ? [{ href: "/admin/users", label: "Users" }] : []),
    ...(can(user.role, "template.edit") ? [{ href: "/admin/templates", label: "Templates" }] : []),
    ...(can(user.role, "webhook.edit") ? [{ href: "/admin/webhooks", label: "Webhooks" }] : []),
    { href: "/status", label: "Status page" },
    ...(process.env.RCC_SANDBOX === "1" ? [{ href: "/sandbox", label: "Sandbox" }] : []),
  ];
  return (
    <Providers>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:z-50 focus:bg-white focus:p-2 dark:focus:bg-zinc-900"
      >
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="relative mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/incidents" className="font-bold">
            Rollback Command Center
          </Link>
          <MainNav items={nav} />
          <div className="ml-auto flex items-center gap-3 pr-20 text-sm sm:pr-0">
            <span data-testid="current-user">
              {user.name} <span className="text-zinc-500">({user.role})</span>
            </span>
            <form action={signOutAction}>
              <button type="submit" className="underline">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl space-y-4 p-4">
        <TriggerAlerts />
        {children}
      </main>
    </Providers>
  );
}
