// Next.js calls register() once per server process: start the background loops there.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if ((process.env.RCC_BACKGROUND ?? "on") === "off") return;
  const { startBackground } = await import("@/lib/background/start");
  await startBackground();
}
