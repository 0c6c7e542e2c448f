import type { MetadataRoute } from "next";

/**
 * What makes Messenger installable: a name, a start page, a standalone window and icons made from
 * the app's own SVG (scripts/icons.ts). The theme colour is the light one; the page's theme-color
 * meta tags (app/layout.tsx) switch it with the system's colour scheme once the app is open.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    id: "/",
    name: "Messenger",
    short_name: "Messenger",
    description: "Real-time messenger",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#4f46e5",
    icons: [
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
