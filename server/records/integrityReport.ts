import type { CheckResult, IntegrityReport } from './integrityChecks.js';

function formatValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  return String(value);
}

function formatResult(result: CheckResult): string[] {
  if (result.total === 0) return [`  ok    ${result.description}`];
  const rows = result.total === 1 ? '1 row' : `${result.total} rows`;
  const lines = [`  FAIL  ${result.description} [${result.id}]: ${rows}`];
  for (const row of result.sample) {
    lines.push(
      `          ${Object.entries(row)
        .map(([k, v]) => `${k}=${formatValue(v)}`)
        .join(' ')}`,
    );
  }
  if (result.total > result.sample.length)
    lines.push(`          ... and ${result.total - result.sample.length} more`);
  return lines;
}

/** The report as an operator reads it: failures with sample rows, then a verdict line. */
export function formatIntegrityReport(report: IntegrityReport): string {
  const failing = report.results.filter((r) => r.total > 0);
  const passing = report.results.filter((r) => r.total === 0);
  const lines = ['Parley data integrity', ''];
  for (const result of [...failing, ...passing]) lines.push(...formatResult(result));
  lines.push('');
  lines.push(
    failing.length === 0
      ? `No problems found (${report.results.length} checks).`
      : `Problems found by ${failing.length} of ${report.results.length} checks.`,
  );
  return lines.join('\n');
}
