import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/lib/auth/guard-page";
import { can } from "@/lib/permissions";
import { renderMarkdown } from "@/lib/comms/markdown";
import { postMortemMarkdown } from "@/lib/postmortem/load-document";
import { PostMortemEditor } from "@/components/postmortem/postmortem-editor";
import { PrintButton } from "@/components/postmortem/print-button";

export const metadata = { title: "Post-mortem" };

// Printing shows the document only: no app header, no editor, no buttons.
const PRINT_CSS = `@media print {
  header:has(nav[aria-label="Main"]), a[href="#main"] { display: none !important; }
  body { background: white !important; color: black !important; }
  .postmortem-doc { border: 0 !important; padding: 0 !important; box-shadow: none !important; }
  .postmortem-doc table { page-break-inside: auto; } .postmortem-doc tr { page-break-inside: avoid; }
}`;

export default async function PostMortemPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await guardPage("incident.read");
  const { id } = await params;
  const doc = await postMortemMarkdown(id);
  if (!doc) notFound();
  const html = renderMarkdown(doc.markdown);
  return (
    <div className="space-y-4">
      <style>{PRINT_CSS}</style>
      <div className="flex flex-wrap items-center gap-3 print:hidden">
        <Link href={`/incidents/${id}`} className="text-sm underline">
          ← Back to the incident
        </Link>
        <span className="text-sm text-zinc-500">
          {doc.saved ? "Saved document" : "Draft pre-filled from the incident (not saved yet)"}
        </span>
        <span className="ml-auto flex gap-2">
          <a
            href={`/api/incidents/${id}/postmortem`}
            download
            className="rounded-md border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            Download Markdown
          </a>
          <PrintButton />
        </span>
      </div>
      {can(user.role, "postmortem.edit") && (
        <section className="print:hidden" aria-labelledby="pm-edit">
          <h2 id="pm-edit" className="sr-only">
            Edit the post-mortem
          </h2>
          <PostMortemEditor incidentId={id} body={doc.markdown} draft={doc.draft} />
        </section>
      )}
      <article
        aria-label="Post-mortem document"
        data-testid="postmortem-document"
        className="postmortem-doc space-y-3 rounded-lg border border-zinc-200 bg-white p-6 text-sm leading-relaxed dark:border-zinc-800 dark:bg-zinc-900 [&_h1]:text-2xl [&_h1]:font-bold [&_h2]:mt-6 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold [&_table]:w-full [&_table]:border-collapse [&_td]:border [&_td]:border-zinc-300 [&_td]:px-2 [&_td]:py-1 [&_td]:align-top dark:[&_td]:border-zinc-700 [&_th]:border [&_th]:border-zinc-300 [&_th]:px-2 [&_th]:py-1 [&_th]:text-left dark:[&_th]:border-zinc-700 [&_ul]:list-disc [&_ul]:pl-6 [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600 dark:[&_blockquote]:text-zinc-400"
        // Sanitized by renderMarkdown (raw HTML escaped, strict allowlist).
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </div>
  );
}
