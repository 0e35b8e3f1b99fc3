/**
 * Parsers for the string forms users write in `with:` blocks. Each returns a value or throws a message
 * that says what was expected; inputs.ts attaches the input's name.
 */

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** "90" and "90s" are seconds; "15m", "1h", "250ms" as written. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim())
  if (!match) throw new Error(`expected a duration like 90s, 15m or 1h, got "${text}"`)
  const ms = Number(match[1]) * UNIT_MS[(match[2] ?? 's').toLowerCase()]
  if (!Number.isFinite(ms)) throw new Error(`"${text}" is not a finite duration`)
  return Math.round(ms)
}

/** Splits on commas and newlines, trims, drops empties. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
}

export function parseBoolean(text: string): boolean {
  const value = text.trim().toLowerCase()
  if (['true', 'yes', '1', 'on'].includes(value)) return true
  if (['false', 'no', '0', 'off', ''].includes(value)) return false
  throw new Error(`expected true or false, got "${text}"`)
}

export interface StatusRange {
  min: number
  max: number
}

/** "200", "200,204", "200-299" → ranges of accepted HTTP status codes. */
export function parseStatusRanges(text: string): StatusRange[] {
  const parts = parseList(text)
  if (parts.length === 0) throw new Error('expected at least one status code, e.g. 200 or 200-299')
  return parts.map((part) => {
    const match = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(part)
    if (!match) throw new Error(`expected a status code or range like 200 or 200-299, got "${part}"`)
    const min = Number(match[1])
    const max = Number(match[2] ?? match[1])
    if (min < 100 || max > 599 || min > max) throw new Error(`"${part}" is not a valid status range (100-599)`)
    return { min, max }
  })
}

export function statusAccepted(status: number, ranges: StatusRange[]): boolean {
  return ranges.some((range) => status >= range.min && status <= range.max)
}

export function formatStatusRanges(ranges: StatusRange[]): string {
  return ranges.map((r) => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`)).join(',')
}
