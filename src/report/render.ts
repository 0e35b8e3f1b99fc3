import { formatDuration } from '../clock.js'
import type { ChecklistItem, LogTail, RunRecord, ServiceRecord } from './model.js'

/**
 * The one renderer: a run record in, GitHub Markdown out, used for the PR comment and the job summary.
 * Pure and deterministic. Everything that came from outside (names, messages, logs) is escaped or
 * fenced so nothing in it renders, pings or breaks the page.
 */

/** GitHub rejects a comment body over 65,536 characters (422). JS length counts UTF-16 units, never fewer. */
export const GITHUB_COMMENT_LIMIT = 65_536
/** The runner refuses a step summary over 1 MiB (bytes); a margin for what @actions/core appends. */
export const SUMMARY_LIMIT = 1024 * 1024 - 1024

/** How a destination measures size: comments in characters, the job summary in UTF-8 bytes. */
export type Measure = (text: string) => number
export const characters: Measure = (text) => text.length
export const utf8Bytes: Measure = (text) => Buffer.byteLength(text, 'utf8')

export function marker(key: string): string {
  return `<!-- railway-deploy-gate:${key.replace(/--+/g, '-').replace(/>/g, '')} -->`
}

/** Escapes text for a Markdown paragraph or table cell: no HTML, no pings, no table breaks. */
export function inline(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/([\\`*[\]~])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/@/g, '@\u200b')
}

/**
 * The longest run of backticks in the text, counted in one pass: a log can hold hundreds of thousands
 * of runs, too many to spread into Math.max.
 */
function longestBacktickRun(text: string): number {
  let longest = 0
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length)
  return longest
}

/**
 * An inline code span that the text cannot close: the delimiter is longer than any backtick run in it.
 * Inside code nothing renders or pings; only `|` still needs its backslash so a table cell holds.
 */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')
  const longest = longestBacktickRun(flat)
  const tick = '`'.repeat(longest + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : ''
  return `${tick}${pad}${flat}${pad}${tick}`
}

/** A link only to an http(s) URL, with the characters that could end the link target encoded. */
export function link(label: string, url: string): string {
  if (!/^https?:\/\//i.test(url)) return inline(label)
  const safe = url.replace(/[\s()<>[\]"'`\\|]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
  return `[${inline(label)}](${safe})`
}

/** A fence longer than any backtick run in the text, so the text cannot close it. */
export function fenced(text: string, info = 'text'): string {
  const longest = longestBacktickRun(text)
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return `${fence}${info}\n${text}\n${fence}`
}

const ICON: Record<string, string> = {
  passed: '✅',
  failed: '❌',
  skipped: '⏭️',
  cancelled: '⏹️',
  ok: '✅',
  missing: '❌',
  empty: '❌',
  placeholder: '❌',
  invalid: '❌',
  warning: '⚠️'
}

const RESULT_TITLE: Record<string, string> = {
  success: '✅ Railway deploy passed',
  failure: '❌ Railway deploy failed',
  skipped: '⏭️ Railway deploy skipped',
  cancelled: '⏹️ Railway deploy cancelled'
}

export interface RenderOptions {
  /** Lines kept per log tail; the size fitting lowers it. */
  maxLogLines?: number
}

function checklistTable(items: ChecklistItem[], passed: boolean): string[] {
  const shown = passed ? items.filter((i) => i.state !== 'ok') : items
  const okCount = items.filter((i) => i.state === 'ok').length
  const out: string[] = []
  if (shown.length === 0) return [`${okCount} variable${okCount === 1 ? '' : 's'} ok.`]
  out.push('| Variable | State | Rule | Fix |', '|---|---|---|---|')
  for (const item of shown) {
    const name = item.foundAs ? `${code(item.name)} (as ${code(item.foundAs)})` : code(item.name)
    out.push(`| ${name} | ${ICON[item.state] ?? ''} ${item.state} | ${inline(item.rule ?? '')} | ${inline(item.hint ?? '')} |`)
  }
  if (passed && okCount > 0) out.push('', `${okCount} more variable${okCount === 1 ? '' : 's'} ok.`)
  return out
}

function renderLogs(tail: LogTail, open: boolean, maxLines: number): string[] {
  const lines = tail.lines.slice(-maxLines)
  const cut = tail.truncated || lines.length < tail.lines.length
  const title = `${tail.kind === 'build' ? 'Build' : 'Deploy'} log (last ${lines.length} line${lines.length === 1 ? '' : 's'}${cut ? ', earlier lines cut' : ''})`
  return [`<details${open ? ' open' : ''}><summary>${title}</summary>`, '', fenced(lines.join('\n')), '', '</details>']
}

function renderService(service: ServiceRecord, options: Required<RenderOptions>): string[] {
  const out: string[] = []
  out.push(`### ${ICON[service.verdict]} ${code(service.name)} — ${service.verdict}`)
  out.push('', inline(service.message))
  if (service.url) out.push('', `URL: ${link(service.url, service.url)}`)

  if (service.checklist && service.checklist.mode !== 'off') {
    const c = service.checklist
    const presets = c.presets.length ? c.presets.join(', ') : 'none'
    const heading = `**Checklist** (presets: ${inline(presets)}${c.file ? `; file: ${code(c.file)}` : ''}${c.mode === 'warn' ? '; warn only' : ''})`
    const body = checklistTable(c.items, !c.failed)
    // All ok: one line says it all; otherwise the table under its heading.
    out.push('', body.length === 1 ? `${heading}: ✅ ${body[0]}` : heading)
    if (c.detected.length) out.push('', `Detected: ${c.detected.map(inline).join('; ')}`)
    if (body.length > 1) out.push('', ...body)
  }

  const d = service.deployment
  if (d) {
    const dashboard = d.dashboardUrl ? ` · ${link('Railway dashboard', d.dashboardUrl)}` : ''
    out.push('', `**Deployment** ${code(d.id)} (${inline(d.mode)}) at ${code((d.commitSha ?? '').slice(0, 12) || 'unknown')}: **${inline(d.status)}**${dashboard}`)
    if (d.supersededBy) out.push('', `Superseded by deployment ${code(d.supersededBy)}.`)
    if (d.rolledBackTo) out.push('', `Rolled back to deployment ${code(d.rolledBackTo)}.`)
    if (d.timeline.length) {
      const steps = d.timeline.map((t) => (t.durationMs === undefined ? inline(t.status) : `${inline(t.status)} ${formatDuration(t.durationMs)}`))
      out.push('', `Timeline: ${steps.join(' → ')}${d.followedBy ? ` (followed by ${d.followedBy})` : ''}`)
    }
  }

  const h = service.health
  if (h) {
    const parts = [`**Health gate**: ${ICON[h.verdict] ?? ''} ${h.verdict}`]
    if (h.url) parts.push(code(h.url))
    out.push('', `${parts.join(' — ')} (${inline(h.reason)})`)
    if (h.totalProbes > 0) {
      const facts = [`${h.totalProbes} probe${h.totalProbes === 1 ? '' : 's'}`]
      if (h.timeToHealthyMs !== undefined) facts.push(`healthy after ${formatDuration(h.timeToHealthyMs)}`)
      const checks = h.lastChecks
      if (checks) {
        const held = (label: string, v?: boolean) => (v === undefined ? undefined : `${label} ${v ? '✓' : '✗'}`)
        const list = [held('status', checks.status), held('body', checks.body), held('version', checks.version)].filter(Boolean)
        if (list.length) facts.push(`last probe: ${list.join(', ')}`)
      }
      out.push('', facts.join(' · '))
      const failures = h.probes.filter((p) => !p.ok).slice(-3)
      if (h.verdict === 'failed' && failures.length) {
        out.push('', 'Last failures: ' + failures.map((p) => code(p.detail)).join(', '))
      }
    }
  }

  for (const [index, tail] of service.logs.entries()) {
    out.push('', ...renderLogs(tail, service.verdict === 'failed' && index === 0, options.maxLogLines))
  }
  return out
}

/** Renders the whole report. The first line is the sticky comment's hidden marker. */
export function renderReport(record: RunRecord, options: RenderOptions = {}): string {
  const opts: Required<RenderOptions> = { maxLogLines: options.maxLogLines ?? 1000 }
  const out: string[] = [marker(record.key)]
  out.push(`## ${RESULT_TITLE[record.result]}`)
  const where = [
    record.project ? `project **${inline(record.project.name)}**` : undefined,
    record.environment ? `environment **${inline(record.environment.name)}**` : undefined,
    record.commitSha ? `commit ${code(record.commitSha.slice(0, 12))}` : undefined,
    `deploy: ${record.deployMode}`
  ].filter(Boolean)
  out.push('', where.join(' · '))
  if (record.error) out.push('', `> ${inline(record.error)}`)
  for (const note of record.notes) out.push('', `> ℹ️ ${inline(note)}`)
  for (const service of record.services) out.push('', ...renderService(service, opts))
  if (record.runUrl) out.push('', `<sub>${link('Workflow run', record.runUrl)} · Railway Deploy Gate</sub>`)
  return out.join('\n') + '\n'
}

/** How many of the last lines fit in `limit` characters with nothing else around them. */
function linesThatCouldFit(lines: string[], limit: number): number {
  let total = 0
  for (let i = lines.length - 1; i >= 0; i--) {
    total += lines[i].length + 1
    if (total > limit) return lines.length - 1 - i
  }
  return lines.length
}

/**
 * Renders within `limit` (characters for a comment, bytes for the summary): the log tails shrink
 * first, to the most lines that fit (binary search), then go; the verdict and checklist stay whole.
 */
export function renderWithin(record: RunRecord, limit: number, measure: Measure = characters): string {
  // No more lines of a tail than could fit on their own: megabytes of log are never rendered just to
  // be measured and thrown away (a character is at least a byte, so this bounds either measure).
  const most = Math.max(0, ...record.services.flatMap((s) => s.logs.map((l) => linesThatCouldFit(l.lines, limit))))
  const full = renderReport(record, { maxLogLines: most })
  if (measure(full) <= limit) return full
  let fits: string | undefined
  let low = 1
  let high = most - 1
  while (low <= high) {
    const mid = Math.floor((low + high) / 2)
    const text = renderReport(record, { maxLogLines: mid })
    if (measure(text) <= limit) {
      fits = text
      low = mid + 1
    } else high = mid - 1
  }
  if (fits !== undefined) return fits
  const withoutLogs = { ...record, services: record.services.map((s) => ({ ...s, logs: [] })) }
  const text = renderReport(withoutLogs)
  if (measure(text) <= limit) return text
  // Only a pathological record (thousands of checklist rows) gets here: cut by code points.
  const tail = '\n\n… (report cut to fit)\n'
  let cut = text.slice(0, Math.max(0, limit - tail.length))
  while (cut.length > 0 && measure(cut + tail) > limit) cut = cut.slice(0, Math.floor(cut.length * 0.9)) // bytes ≥ characters
  return cut + tail
}
