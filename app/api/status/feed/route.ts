export const dynamic = "force-dynamic";
export { GET } from "@/app/status/feed.xml/route";
