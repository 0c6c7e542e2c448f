import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { ServiceWorkerRegistration } from "@/components/pwa/service-worker";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Messenger", template: "%s · Messenger" },
  description: "Real-time messenger",
  icons: { icon: "/icon.svg", apple: "/icons/apple-touch-icon.png" },
  appleWebApp: { capable: true, title: "Messenger", statusBarStyle: "default" },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, never prerendered at build time: the Content-Security-Policy
  // (proxy.ts) carries a fresh nonce, which Next.js can only put on the scripts of a page it renders then.
  await connection();
  return (
    <html lang="en">
      <body className="flex h-dvh flex-col font-sans">
        <ServiceWorkerRegistration />
        {children}
      </body>
    </html>
  );
}
