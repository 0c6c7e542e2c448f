/** Private-use characters that bracket matches in search snippets: they cannot be typed as HTML. */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";
