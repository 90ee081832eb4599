// Tells pages which URL they render (Next gives server components no request URL), so a page that
// sends a signed-out person to sign in can send them back (lib/auth/guard-page.ts). The header is
// always overwritten here: a client-sent value never reaches a page.
import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Next's assets, the public status page or files.
  matcher: ["/((?!api/|_next/|status|favicon\\.ico|.*\\.[a-z0-9]+$).*)"],
};
