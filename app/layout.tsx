import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rollback Command Center", template: "%s · Rollback Command Center" },
  description: "Incident command for bad deploys: see, decide, roll back, verify, communicate.",
  applicationName: "Rollback Command Center",
  // public/: the mark a pinned tab or a home-screen icon shows (PNGs from scripts/generate-app-icons.ts).
  manifest: "/manifest.webmanifest",
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/icons/icon-192.png", type: "image/png", sizes: "192x192" },
    ],
    apple: [{ url: "/apple-touch-icon.png", sizes: "180x180" }],
  },
};

// The browser chrome follows the page's background in each color scheme (zinc-50 / zinc-950).
export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#fafafa" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
