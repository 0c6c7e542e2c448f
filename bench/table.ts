import { formatCount, markdownTable, ms } from "@/tests/support/report";
import type { Row } from "./types";

const COLUMNS = ["Scenario", "p50", "p95", "p99", "max", "count", "× floor p50 / p99", "target", "met?"];

function cells(row: Row): string[] {
  const s = row.summary;
  const figures = s ? [ms(s.p50), ms(s.p95), ms(s.p99), ms(s.max), formatCount(s.count)] : [row.value ?? "", "", "", "", ""];
  const met = row.met === undefined ? "—" : row.met ? "yes" : "NO";
  return [row.scenario, ...figures, row.ratio ?? "", row.target ?? "", met];
}

/** One Markdown table: readable in a terminal, and pasteable as it is into an issue. */
export function formatTable(rows: Row[]): string {
  return markdownTable(COLUMNS, rows.map(cells), (i) => i >= 1 && i <= 5);
}
