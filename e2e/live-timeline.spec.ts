import { expect, test } from "@playwright/test";
import { declareIncident, newSignedInPage, signIn } from "./helpers";
import { startCuttableProxy } from "./tcp-proxy";

test("a note added in one browser shows in another within a second, without reload", async ({ browser }) => {
  const a = await newSignedInPage(browser, "commander");
  const b = await newSignedInPage(browser, "responder");
  const id = await declareIncident(a.page, `Live notes ${Date.now()}`);
  await b.page.goto(`/incidents/${id}`);
  await expect(b.page.getByTestId("timeline-connection")).toHaveText("● Live");

  const note = `checkout 502s started at deploy ${Date.now()}`;
  await a.page.getByLabel("Add a note").fill(note);
  const sent = Date.now();
  await a.page.getByRole("button", { name: "Add note" }).click();
  await expect(b.page.getByTestId("timeline").getByText(note)).toBeVisible();
  // Speed is measured by bench/timeline-fanout.ts, not asserted here (shared, noisy machines).
  test
    .info()
    .annotations.push({ type: "latency", description: `note reached the other browser after ${Date.now() - sent} ms` });
  // the author's own page shows it once, from the same stream
  await expect(a.page.getByTestId("timeline").getByText(note)).toHaveCount(1);
  await a.context.close();
  await b.context.close();
});

test("after the stream is cut, the reconnected page shows what was missed, once each", async ({ browser, baseURL }) => {
  const a = await newSignedInPage(browser, "commander");
  const proxy = await startCuttableProxy(Number(new URL(baseURL!).port));
  const bContext = await browser.newContext({ baseURL: proxy.url });
  const b = { context: bContext, page: await bContext.newPage() };
  await signIn(b.page, "responder");
  const id = await declareIncident(a.page, `Stream cut ${Date.now()}`);
  await b.page.goto(`/incidents/${id}`);
  await expect(b.page.getByTestId("timeline-connection")).toHaveText("● Live");

  proxy.cut();
  await expect(b.page.getByTestId("timeline-connection")).toContainText("Reconnecting");
  const missed = [`missed one ${Date.now()}`, `missed two ${Date.now()}`];
  for (const m of missed) {
    await a.page.getByLabel("Add a note").fill(m);
    await a.page.getByRole("button", { name: "Add note" }).click();
    await expect(a.page.getByTestId("timeline").getByText(m)).toBeVisible();
  }
  // while cut, page B has not seen them
  for (const m of missed) await expect(b.page.getByTestId("timeline").getByText(m)).toHaveCount(0);

  proxy.restore();
  await expect(b.page.getByTestId("timeline-connection")).toHaveText("● Live", { timeout: 10_000 });
  for (const m of missed) await expect(b.page.getByTestId("timeline").getByText(m)).toHaveCount(1);
  const ids = await b.page
    .getByTestId("timeline")
    .locator("[data-event-id]")
    .evaluateAll((els) => els.map((e) => e.getAttribute("data-event-id")));
  expect(new Set(ids).size).toBe(ids.length);
  await a.context.close();
  await b.context.close();
  await proxy.close();
});
