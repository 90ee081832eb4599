// Drives the app's real next-auth route handlers (app/api/auth/[...nextauth]) in-process, as a browser
// would: CSRF token, sign-in POST, the redirect to the identity provider and back, the session. Each
// call has its own cookie jars, so every sign-in is a fresh browser.
type Handler = (req: Request) => Promise<Response>;
export type AuthHandlers = { GET: Handler; POST: Handler };

class CookieJar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  has(prefix: string): boolean {
    return [...this.cookies.keys()].some((k) => k.startsWith(prefix));
  }
}

export type SignInOutcome = {
  /** Where the browser ends up after the sign-in (the app's path and query). */
  landedOn: string;
  /** The session the app then reports (`/api/auth/session`), null when not signed in. */
  userId: string | null;
};

export function authClient(handlers: AuthHandlers, origin: string, extraHeaders: Record<string, string> = {}) {
  const app = new CookieJar();
  const call = async (method: "GET" | "POST", path: string, body?: URLSearchParams) => {
    const req = new Request(new URL(path, origin), {
      method,
      headers: {
        cookie: app.header(),
        ...extraHeaders,
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
      redirect: "manual",
    });
    const res = await (method === "GET" ? handlers.GET(req) : handlers.POST(req));
    app.store(res);
    return res;
  };
  const csrf = async () => ((await (await call("GET", "/api/auth/csrf")).json()) as { csrfToken: string }).csrfToken;
  const session = async (): Promise<string | null> => {
    const s = (await (await call("GET", "/api/auth/session")).json()) as { user?: { id?: string } } | null;
    return s?.user?.id ?? null;
  };
  const landed = (res: Response) => {
    const loc = res.headers.get("location") ?? "";
    const u = new URL(loc, origin);
    return u.origin === new URL(origin).origin ? `${u.pathname}${u.search}` : loc;
  };

  return {
    session,
    async password(email: string, password: string): Promise<SignInOutcome> {
      const body = new URLSearchParams({ email, password, csrfToken: await csrf(), callbackUrl: "/incidents" });
      const res = await call("POST", "/api/auth/callback/credentials", body);
      return { landedOn: landed(res), userId: await session() };
    },
    async oidc(): Promise<SignInOutcome> {
      const body = new URLSearchParams({ csrfToken: await csrf(), callbackUrl: "/incidents" });
      const start = await call("POST", "/api/auth/signin/oidc", body);
      let url = start.headers.get("location");
      if (!url?.startsWith("http")) throw new Error(`sign-in did not go to the provider: ${start.status} ${url}`);
      // At the identity provider: follow its redirects (interaction, resume) until it sends us back.
      const idp = new CookieJar();
      for (let hop = 0; hop < 10 && !url.startsWith(origin); hop++) {
        const res: Response = await fetch(url, { headers: { cookie: idp.header() }, redirect: "manual" });
        idp.store(res);
        const loc: string | null = res.headers.get("location");
        if (!loc) throw new Error(`the provider answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
        url = new URL(loc, url).toString();
      }
      const back = new URL(url);
      const res = await call("GET", `${back.pathname}${back.search}`);
      return { landedOn: landed(res), userId: await session() };
    },
  };
}
