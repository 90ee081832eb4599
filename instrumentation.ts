// Next.js calls register() once per server process: start the background loops there.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The sign-in throttle counts per client address: record each TCP peer (lib/auth/resolve-client-address.ts).
  (await import("@/lib/auth/resolve-client-address")).stampPeerAddress();
  if ((process.env.RCC_BACKGROUND ?? "on") === "off") return;
  const { startBackground } = await import("@/lib/background/start");
  await startBackground();
}
