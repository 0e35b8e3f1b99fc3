/**
 * Log text is hostile: written by the deployed app and its build tools. Before it reaches a comment,
 * a summary or the runner log it is cleaned (controls), redacted (secrets) and only then cut to size,
 * so a cut can never leave half a secret that no rule matches any more.
 */

/** ANSI CSI/OSC sequences, other C0/C1 controls (tab and newline kept), and bidi overrides. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function stripControls(text: string): string {
  return text.replace(ANSI, '').replace(CONTROLS, '')
}

/** Shapes of well-known secrets (gitleaks and trufflehog rule shapes). */
const SECRET_PATTERNS: RegExp[] = [
  /\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
  /\bgh[pousr]_[0-9A-Za-z]{36,}\b/g,
  /\bgithub_pat_\w{60,}\b/g,
  /\bxox[abposre]-[0-9A-Za-z-]{10,}\b/g,
  /\bxapp-\d-[0-9A-Za-z-]{10,}\b/g,
  /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{20,}/g,
  /\b(?:sk|rk|pk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}\b/g,
  /\bwhsec_[A-Za-z0-9]{16,}\b/g,
  /\bsk-ant-[A-Za-z0-9_-]{20,}/g,
  /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}/g,
  /\bsk-[A-Za-z0-9]{32,}\b/g,
  /\bAIza[\w-]{35}\b/g,
  // An AWS secret access key has no prefix of its own: recognise it by the name in front of it.
  /(aws_?secret_?access_?key["']?\s*[:=]\s*["']?)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/gi,
  /\bnpm_[A-Za-z0-9]{36}\b/g,
  /\bSG\.[\w-]{16,}\.[\w-]{16,}/g,
  /\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{8,}/g,
  /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY-----[\s\S]*?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY-----/g
]
/** scheme://user:password@host → the password replaced. */
// The password runs to the authority's last `@` (a password may hold `@` itself: u:p@ss@host).
const URL_PASSWORD = /\b([a-zA-Z][a-zA-Z0-9+.-]{0,20}:\/\/[^\s:/@]{0,100}:)([^\s/]{1,200})(@)(?=[^\s@/]*(?:[/?#\s]|$))/g

export const REDACTED = '[redacted]'

/** Secrets the action knows by value: the tokens and every variable value worth hiding. */
export class SecretSet {
  private readonly values = new Set<string>()

  /** Values shorter than this would redact ordinary words ("true", "3000"). */
  static readonly MIN_LENGTH = 6

  add(value: string | null | undefined): void {
    if (!value) return
    const trimmed = value.trim()
    if (trimmed.length < SecretSet.MIN_LENGTH) return
    this.values.add(trimmed)
    // Encoded forms a log might show instead of the raw value.
    this.values.add(Buffer.from(trimmed, 'utf8').toString('base64'))
    const encoded = encodeURIComponent(trimmed)
    if (encoded !== trimmed) this.values.add(encoded)
    for (const line of trimmed.split(/\r?\n/)) if (line.trim().length >= SecretSet.MIN_LENGTH) this.values.add(line.trim())
  }

  /** Longest first, so a value that contains another is replaced whole. */
  list(): string[] {
    return [...this.values].sort((a, b) => b.length - a.length)
  }

  get size(): number {
    return this.values.size
  }
}

export function redact(text: string, secrets: SecretSet): string {
  let out = text
  for (const value of secrets.list()) if (out.includes(value)) out = out.split(value).join(REDACTED)
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, (match: string, name?: unknown) => (typeof name === 'string' ? name + REDACTED : REDACTED))
  out = out.replace(URL_PASSWORD, (_m, head: string, password: string, at: string) =>
    password.startsWith('$') || password === REDACTED ? `${head}${password}${at}` : `${head}${REDACTED}${at}`
  )
  return out
}

const PEM_BEGIN = /-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY-----/
const PEM_END = /-----END[ A-Z0-9_-]{0,100}PRIVATE KEY-----/

/**
 * Railway gives one log entry per line, so a PEM block arrives spread over many lines that no
 * single-line pattern sees whole. Every line from BEGIN to END is redacted; a tail that starts inside
 * a block (END with no BEGIN before it) loses everything above the END.
 */
export function redactPemBlocks(lines: string[]): string[] {
  const out = [...lines]
  let inside = false
  let sawBegin = false
  for (let i = 0; i < out.length; i++) {
    const begins = PEM_BEGIN.test(out[i])
    const ends = PEM_END.test(out[i])
    if (begins) sawBegin = true
    if (ends && !sawBegin && !inside) {
      for (let j = 0; j <= i; j++) out[j] = REDACTED
      continue
    }
    if (begins || inside) out[i] = REDACTED
    inside = (begins || inside) && !ends
  }
  return out
}

/** Clean, redact, then keep the last `maxLines` lines of at most `maxLineLength` characters each. */
export function sanitizeLines(lines: string[], secrets: SecretSet, maxLines: number, maxLineLength = 500): { lines: string[]; truncated: boolean } {
  const kept = lines.slice(-maxLines)
  // A message may itself hold newlines: split so that each printed line is one line everywhere.
  const split = kept.flatMap((line) => stripControls(line).split('\n'))
  const cleaned = redactPemBlocks(split).map((line) => {
    const safe = redact(line, secrets)
    return safe.length > maxLineLength ? `${safe.slice(0, maxLineLength)}…` : safe
  })
  return { lines: cleaned.slice(-maxLines), truncated: lines.length > kept.length || cleaned.length > maxLines }
}
