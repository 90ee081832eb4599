// The app's icon and web manifest (public/, issue 17): served to anyone (a signed-out tab shows the
// icon too), linked from every page, and the manifest's icons are real images of the sizes it says.
import { expect, test } from "@playwright/test";

test("the web manifest and the icons are served and linked, with a theme color per color scheme", async ({
  page,
  request,
}) => {
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.status()).toBe(200);
  const m = await manifest.json();
  expect(m).toMatchObject({ name: "Rollback Command Center", short_name: "Rollback", display: "standalone" });
  for (const icon of m.icons as { src: string; sizes: string; type: string }[]) {
    const res = await request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()["content-type"], icon.src).toContain(icon.type);
    const body = await res.body();
    if (icon.type === "image/png") {
      // PNG signature, then the IHDR chunk's width and height (big-endian at bytes 16 and 20).
      expect(body.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect(`${body.readUInt32BE(16)}x${body.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
    } else {
      expect(body.toString("utf8")).toContain("<svg");
    }
  }
  const apple = await request.get("/apple-touch-icon.png");
  expect(apple.status()).toBe(200);

  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveAttribute("href", "/icon.svg");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  const themes = await page
    .locator('meta[name="theme-color"]')
    .evaluateAll((els) => els.map((e) => [e.getAttribute("media"), e.getAttribute("content")]));
  expect(themes).toEqual([
    ["(prefers-color-scheme: light)", "#fafafa"],
    ["(prefers-color-scheme: dark)", "#09090b"],
  ]);
});
