import { attachmentDownloadUrl } from "@/lib/dal/attachments";
import { withUser } from "@/lib/http/with-user";

type Context = { params: Promise<{ id: string; variant: string }> };

/**
 * GET /api/attachments/{id}/{thumb|full|download}: after the membership check, a redirect to a URL
 * signed for minutes. The redirect itself is never cached, so every fetch is checked again.
 */
export const GET = withUser(async (actor, _request, { params }: Context) => {
  const { id, variant } = await params;
  const url = await attachmentDownloadUrl(actor, id, variant);
  return new Response(null, { status: 302, headers: { location: url, "cache-control": "private, no-store" } });
});
