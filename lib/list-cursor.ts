/**
 * Where a page of the chat list ends: the last chat's activity time and id (the list's order), as
 * one opaque string the browser hands back for the next page.
 */
export type ListCursor = { activityAt: number; id: string };

export function formatListCursor(cursor: ListCursor): string {
  return `${cursor.activityAt}_${cursor.id}`;
}
