export { formatNumber } from "../../cli/report-stats.js";

export function formatRate(rate: number | null): string {
  return rate === null ? "n/a" : `${(rate * 100).toFixed(1)}%`;
}
