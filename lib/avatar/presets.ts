/**
 * Pictures a person can pick instead of uploading one. They are drawn here as SVG (our own markup,
 * never a user's), rendered through the same pipeline as uploads and stored like any other avatar,
 * so everything downstream sees one kind of avatar.
 */
type Preset = { label: string; from: string; to: string; shape: string };

const presets = {
  sunrise: {
    label: "Sunrise",
    from: "#f97316",
    to: "#db2777",
    shape: '<circle cx="128" cy="150" r="56" fill="#fde68a"/><rect x="0" y="170" width="256" height="86" fill="#9d174d" opacity="0.55"/>',
  },
  ocean: {
    label: "Ocean",
    from: "#0ea5e9",
    to: "#1e3a8a",
    shape:
      '<path d="M0 150 Q64 110 128 150 T256 150 V256 H0Z" fill="#bae6fd" opacity="0.6"/><path d="M0 190 Q64 150 128 190 T256 190 V256 H0Z" fill="#e0f2fe" opacity="0.8"/>',
  },
  forest: {
    label: "Forest",
    from: "#4ade80",
    to: "#14532d",
    shape: '<path d="M128 40 L200 200 H56Z" fill="#052e16" opacity="0.7"/><rect x="118" y="196" width="20" height="36" fill="#422006"/>',
  },
  berry: {
    label: "Berry",
    from: "#c084fc",
    to: "#6b21a8",
    shape: '<circle cx="100" cy="120" r="44" fill="#f5d0fe"/><circle cx="160" cy="150" r="44" fill="#e9d5ff" opacity="0.8"/>',
  },
  night: {
    label: "Night",
    from: "#312e81",
    to: "#020617",
    shape:
      '<circle cx="150" cy="100" r="48" fill="#fef9c3"/><circle cx="172" cy="86" r="44" fill="#1e1b4b"/><circle cx="70" cy="190" r="4" fill="#fff"/><circle cx="200" cy="200" r="3" fill="#fff"/>',
  },
  citrus: {
    label: "Citrus",
    from: "#facc15",
    to: "#65a30d",
    shape:
      '<circle cx="128" cy="128" r="70" fill="#fef08a" stroke="#ca8a04" stroke-width="10"/><path d="M128 58 V198 M58 128 H198 M78 78 L178 178 M178 78 L78 178" stroke="#ca8a04" stroke-width="5"/>',
  },
} satisfies Record<string, Preset>;

export type PresetId = keyof typeof presets;
export const PRESET_IDS = Object.keys(presets) as PresetId[];

export function presetLabel(id: PresetId): string {
  return presets[id].label;
}

export function presetSvg(id: PresetId): string {
  const { from, to, shape } = presets[id];
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">' +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/>` +
    `<stop offset="1" stop-color="${to}"/></linearGradient></defs>` +
    `<rect width="256" height="256" fill="url(#g)"/>${shape}</svg>`
  );
}

/** For previews in the browser: the SVG as a data URL. */
export function presetDataUrl(id: PresetId): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(presetSvg(id))}`;
}
