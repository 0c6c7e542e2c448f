import { getAvatarImage } from "@/lib/dal/avatars";
import { withErrors } from "@/lib/http/with-errors";

type Context = { params: Promise<{ id: string; size: string }> };

/**
 * GET /api/avatars/{content hash}/{large|small}: the stored WebP. The hash in the URL changes whenever
 * the image does, so browsers and CDNs may keep every answer forever.
 */
export const GET = withErrors(async (_request, { params }: Context) => {
  const { id, size } = await params;
  const image = await getAvatarImage(id, size);
  return new Response(new Uint8Array(image), {
    headers: {
      "content-type": "image/webp",
      "content-length": String(image.length),
      "cache-control": "public, max-age=31536000, immutable",
      etag: `"${id}-${size}"`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'",
    },
  });
});
