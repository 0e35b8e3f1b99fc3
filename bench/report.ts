import type { Summary } from './stats.ts'

/**
 * The one table the benchmark prints (plain text for the terminal, Markdown for BENCHMARKS.md and the
 * CI job summary). Each row: what was measured, our median and spread, the baseline's, the ratio, and
 * the target with whether the median meets it.
 */

export interface Row {
  measurement: string
  unit: string
  ours: Summary
  baseline?: Summary
  ratio?: number
  target?: string
  /** undefined when the row has no target. */
  met?: boolean
  note?: string
}

function num(value: number): string {
  if (Number.isNaN(value)) return '—'
  if (Math.abs(value) >= 100) return value.toFixed(0)
  if (Math.abs(value) >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

export function cell(summary: Summary | undefined): string {
  if (!summary || summary.n === 0) return '—'
  if (summary.n === 1 || summary.min === summary.max) return `${num(summary.median)}`
  return `${num(summary.median)} (${num(summary.p10)}–${num(summary.p90)})`
}

function columns(row: Row): string[] {
  return [
    row.measurement,
    row.unit,
    cell(row.ours),
    cell(row.baseline),
    row.ratio === undefined ? '—' : `${row.ratio.toFixed(2)}×`,
    row.target ?? '—',
    row.met === undefined ? '' : row.met ? 'met' : 'MISSED'
  ]
}

const HEADER = ['measurement', 'unit', 'ours: median (p10–p90)', 'baseline', 'ours/baseline', 'target', '']

export function textTable(rows: Row[]): string {
  const table = [HEADER, ...rows.map(columns)]
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(table[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n')
}

export function markdownTable(rows: Row[]): string {
  const escape = (c: string) => c.replace(/\|/g, '\\|')
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${columns(r).map(escape).join(' | ')} |`)
  ].join('\n')
}
