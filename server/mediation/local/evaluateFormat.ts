/**
 * The evaluation report as the plain text `npm run eval:mediator` prints.
 */
import type { EvaluationReport } from './evaluate.js';

/** Renders the report as the plain text the eval script prints. */
export function formatEvaluation(
  report: EvaluationReport,
  details = 10,
  title = 'Local mediator evaluation',
): string {
  const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
  const lines = [
    `${title} — ${report.messages} messages (${report.hostile} hostile, ${report.neutral} neutral)`,
    '',
    'pattern              precision  recall   tp  fp  fn',
    ...report.perPattern.map(
      (p) =>
        `${p.pattern.padEnd(20)} ${pct(p.precision).padStart(9)} ${pct(p.recall).padStart(7)} ${String(p.truePositives).padStart(4)} ${String(p.falsePositives).padStart(3)} ${String(p.falseNegatives).padStart(3)}`,
    ),
    '',
    `hostile recall (held)        ${pct(report.hostileRecall)}   target >= 90%`,
    `neutral false-positive rate  ${pct(report.neutralFalsePositiveRate)}   target <= 5%`,
    `facts kept (all suggestions) ${pct(report.factsKeptRate)}   target 100%`,
    `re-flag rate of suggestions  ${pct(report.reflagRate)}   target <= 2% (${report.suggestions} suggestions)`,
    `content kept, 1st suggestion ${pct(report.contentKept)}   target >= 60% of the reference's content words (${report.contentMeasured} held with a reference)`,
    `content kept, original sent  ${pct(report.contentKeptOriginal)}   baseline`,
    `commonest 1st suggestion     ${pct(report.commonestFirstShare)}   target <= 5% ("${report.commonestFirst.slice(0, 60)}")`,
    `topic accuracy               ${pct(report.topicAccuracy)}`,
    `time per message (CPU)       ${report.microsecondsPerMessage} µs   target <= 200 µs`,
  ];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push(
      '',
      `${title} (${items.length}):`,
      ...items.slice(0, details).map((item) => `  - ${item}`),
    );
  };
  section('hostile messages that passed', report.missedHostile);
  section('neutral messages that were held', report.flaggedNeutral);
  section(
    'suggestions missing a fact',
    report.factsLost.map((lost) => `${lost.missing.join(', ')} ← ${lost.suggestion}`),
  );
  section('suggestions held again', report.reflagged);
  section(
    'topic misses',
    report.topicMisses.map((miss) => `${miss.expected} → ${miss.actual}: ${miss.text}`),
  );
  return lines.join('\n');
}
