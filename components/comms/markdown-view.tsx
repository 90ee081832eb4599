// Shows notice HTML. It only ever receives the output of lib/comms/markdown (allowlist-sanitized).
export const PROSE =
  "space-y-2 break-words text-sm [&_a]:text-blue-700 [&_a]:underline dark:[&_a]:text-blue-400 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:list-decimal [&_ol]:pl-5 [&_h1]:text-lg [&_h1]:font-bold [&_h2]:text-base [&_h2]:font-semibold [&_h3]:font-semibold [&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 dark:[&_code]:bg-zinc-800 [&_pre]:overflow-x-auto [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_th]:pr-3 [&_th]:text-left [&_td]:pr-3";

export function MarkdownView({ html, className = "", testId }: { html: string; className?: string; testId?: string }) {
  return <div className={`${PROSE} ${className}`} data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
