import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rollback Command Center", template: "%s · Rollback Command Center" },
  description: "Incident command for bad deploys: see, decide, roll back, verify, communicate.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
