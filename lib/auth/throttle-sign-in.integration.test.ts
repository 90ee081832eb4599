// The sign-in throttle on the real Postgres, with two "replicas": two Prisma clients, each with its
// own pool, on one database, taking turns (and racing) on the same account and address.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { parseDatabaseUrl } from "@/lib/db-url";
import { hashPassword } from "@/lib/auth/password";
import { PEER_ADDRESS_HEADER } from "@/lib/auth/resolve-client-address";
import { authorizeCredentials, PasswordSignInOff, SignInThrottled } from "@/lib/auth/authorize-credentials";
import { throttledMessage } from "@/lib/auth/throttle-sign-in";

const replica = () =>
  new PrismaClient({ adapter: new PrismaPg({ ...parseDatabaseUrl(process.env.DATABASE_URL!), max: 3 }) });
const replicas = [replica(), replica()];
afterAll(() => Promise.all(replicas.map((r) => r.$disconnect())));

const uniq = () => Math.random().toString(36).slice(2, 8);
const fromAddress = (address: string) =>
  new Request("http://127.0.0.1/api/auth/callback/credentials", { headers: { [PEER_ADDRESS_HEADER]: address } });
const randomAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
const on = { passwordSignIn: true, trustedProxyHops: 0 };

async function passwordUser(password = "right-pass-123") {
  const email = `throttle-${uniq()}@test.local`;
  const u = await replicas[0].user.create({
    data: { email, name: "Tess Throttle", role: "responder", passwordHash: await hashPassword(password) },
  });
  return { ...u, password };
}

/** One attempt on replica i: the user, null (wrong password) or the throttle's refusal. */
async function attempt(i: number, email: string, password: string, address = "10.0.0.1", opts = on) {
  try {
    return await authorizeCredentials(replicas[i % 2], { email, password }, fromAddress(address), opts);
  } catch (e) {
    if (e instanceof SignInThrottled) return e;
    throw e;
  }
}

describe("sign-in throttling", () => {
  it("refuses the 6th attempt within the window even with the right password, counted across replicas", async () => {
    const u = await passwordUser();
    const address = randomAddress();
    for (let i = 0; i < 5; i++) expect(await attempt(i, u.email, "wrong", address)).toBeNull();
    const sixth = await attempt(5, u.email, u.password, address);
    expect(sixth).toBeInstanceOf(SignInThrottled);
    const retry = (sixth as SignInThrottled).retryAfterSec;
    expect(retry).toBeGreaterThan(15 * 60 - 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(throttledMessage(retry)).toBe(`Too many attempts; try again in ${retry} s.`);
    // Another address does not help: the account itself is throttled.
    expect(await attempt(6, u.email.toUpperCase(), u.password, randomAddress())).toBeInstanceOf(SignInThrottled);
  });

  it("a successful sign-in clears the account's count", async () => {
    const u = await passwordUser();
    const address = randomAddress();
    for (let i = 0; i < 4; i++) expect(await attempt(i, u.email, "wrong", address)).toBeNull();
    expect(await attempt(4, u.email, u.password, address)).toMatchObject({ id: u.id });
    for (let i = 0; i < 5; i++) expect(await attempt(i, u.email, "wrong", address)).toBeNull();
    expect(await attempt(1, u.email, u.password, address)).toBeInstanceOf(SignInThrottled);
  });

  it("limits attempts per client address across accounts (20 per window)", async () => {
    const address = randomAddress();
    for (let i = 0; i < 20; i++) expect(await attempt(i, `nobody-${uniq()}@test.local`, "guess", address)).toBeNull();
    const u = await passwordUser();
    expect(await attempt(0, u.email, u.password, address)).toBeInstanceOf(SignInThrottled);
    expect(await attempt(1, u.email, u.password, randomAddress())).toMatchObject({ id: u.id });
  });

  it("racing attempts on two replicas never let more than the limit through", async () => {
    const u = await passwordUser();
    const address = randomAddress();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i, u.email, "wrong", address)));
    expect(results.filter((r) => r === null)).toHaveLength(5);
    expect(results.filter((r) => r instanceof SignInThrottled)).toHaveLength(7);
  });

  it("a window that has passed counts for nothing, and its rows are deleted", async () => {
    const u = await passwordUser();
    const address = randomAddress();
    const short = { ...on, throttle: { windowSec: 8 } };
    for (let i = 0; i < 5; i++) expect(await attempt(i, u.email, "wrong", address, short)).toBeNull();
    const refused = await attempt(5, u.email, u.password, address, short);
    expect(refused).toBeInstanceOf(SignInThrottled);
    const retry = (refused as SignInThrottled).retryAfterSec;
    expect(retry).toBeLessThanOrEqual(8);
    await new Promise((r) => setTimeout(r, retry * 1000 + 300));
    expect(await attempt(6, `other-${uniq()}@test.local`, "x", randomAddress(), short)).toBeNull();
    const left = await replicas[0].signInThrottle.count({ where: { key: `account:${u.email}` } });
    expect(left).toBe(0); // expired, deleted by the next attempt anywhere
    expect(await attempt(7, u.email, u.password, address, short)).toMatchObject({ id: u.id });
  });

  it("password sign-in switched off refuses before anything is checked", async () => {
    const u = await passwordUser();
    await expect(
      authorizeCredentials(replicas[0], { email: u.email, password: u.password }, fromAddress("10.0.0.2"), {
        passwordSignIn: false,
        trustedProxyHops: 0,
      }),
    ).rejects.toBeInstanceOf(PasswordSignInOff);
  });
});
