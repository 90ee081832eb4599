// Next.js calls register() once per server process: start the background loops there.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The sign-in throttle counts per client address: record each TCP peer (lib/auth/resolve-client-address.ts).
  (await import("@/lib/auth/resolve-client-address")).stampPeerAddress();
  // SIGTERM drains (readiness fails, the runner hands off its claims, loops stop, pool closes), then exits.
  (await import("@/lib/background/shutdown")).installShutdownHandlers();
  if ((process.env.RCC_BACKGROUND ?? "on") === "off") return;
  const { startBackground } = await import("@/lib/background/start");
  await startBackground();
}
