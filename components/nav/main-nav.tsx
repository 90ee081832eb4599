"use client";
// The dashboard's navigation. From sm up the links sit in the header row; on a phone they fold
// behind a Menu button (a disclosure: aria-expanded/aria-controls), which Esc and a followed link
// close again. The current page is marked for assistive technology (aria-current).
import { useEffect, useId, useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

export type NavItem = { href: string; label: string };

const isCurrent = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

export function MainNav({ items }: { items: NavItem[] }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname() ?? "";
  const listId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [at, setAt] = useState(pathname);
  if (at !== pathname) {
    setAt(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <nav aria-label="Main" className="order-last w-full text-sm sm:order-none sm:w-auto">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="absolute top-2.5 right-4 inline-flex items-center gap-1 rounded-md border border-zinc-300 px-2 py-1 sm:hidden dark:border-zinc-700"
      >
        <span aria-hidden="true">☰</span> Menu
      </button>
      <ul
        id={listId}
        className={`${open ? "flex" : "hidden"} flex-col gap-1 pt-2 sm:flex sm:flex-row sm:gap-4 sm:pt-0`}
      >
        {items.map((n) => (
          <li key={n.href}>
            <Link
              href={n.href}
              aria-current={isCurrent(pathname, n.href) ? "page" : undefined}
              className="block rounded px-1 py-1.5 hover:underline aria-[current=page]:font-semibold sm:py-0"
            >
              {n.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
