/** The two stored renditions of every avatar, in pixels. */
export const AVATAR_SIZES = { large: 256, small: 64 } as const;
export type AvatarSize = keyof typeof AVATAR_SIZES;

/** Avatar ids are SHA-256 content hashes, so a URL names one image forever. */
export const AVATAR_ID_PATTERN = /^[0-9a-f]{64}$/;

/** The URL of the rendition that suits an avatar shown `displaySize` CSS pixels wide. */
export function avatarSrc(avatarId: string, displaySize: number): string {
  const size: AvatarSize = displaySize <= 40 ? "small" : "large";
  return `/api/avatars/${avatarId}/${size}`;
}
