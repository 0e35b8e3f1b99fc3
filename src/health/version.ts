/**
 * The version proof: health-version must appear in the body or a header of the answer. When it does
 * not, the gate says which version answered instead, if the answer names one — that is the difference
 * between "the old deployment still serves" and "the endpoint does not report a version at all".
 */

/** JSON fields apps commonly use for their build's commit or version. */
const VERSION_FIELDS = ['commit', 'commitsha', 'commit_sha', 'gitcommit', 'git_commit', 'sha', 'gitsha', 'git_sha', 'revision', 'version', 'build']

/** Header names that carry a version: x-app-commit, x-git-sha, x-version, x-revision... */
const VERSION_HEADER = /^x-.*(commit|sha|version|revision)/i

const SHA = /^[0-9a-f]{7,40}$/i
/** What a reported version may look like to be quoted anywhere: no controls, no markup, no commands. */
const SAFE_VERSION = /^[\w.+\-/:@]{1,80}$/

/**
 * Whether `expected` is in the answer: a substring of the body or of a header value, or a version
 * field whose value is a short form (7+ hex digits) of the expected commit SHA. The short form counts
 * only between SHAs: `release-2024-06-1` is not a version of `release-2024-06-10`.
 * @param expected health-version
 * @param body the (capped) body text
 * @param headers the response headers
 */
export function versionFound(expected: string, body: string, headers: Headers): boolean {
  if (body.includes(expected)) return true
  for (const [, value] of headers) if (value.includes(expected)) return true
  const answered = answeredVersion(body, headers)
  return answered !== undefined && SHA.test(answered) && SHA.test(expected) && expected.toLowerCase().startsWith(answered.toLowerCase())
}

/**
 * The version the answer reports, when it names one: a top-level (or one level down) JSON field such
 * as `commit`, `version` or `sha`, else an `x-…commit…`/`x-…version…` header.
 * @param body the (capped) body text
 * @param headers the response headers
 * @returns the reported version, or undefined when the answer names none
 */
export function answeredVersion(body: string, headers: Headers): string | undefined {
  // The app wrote it: only a plain version string is quoted back (logs, comment, status), never text
  // that could carry a workflow command, markup or a line break.
  const fromBody = versionInJson(body)
  if (fromBody) return SAFE_VERSION.test(fromBody) ? fromBody : undefined
  for (const [name, value] of headers) if (VERSION_HEADER.test(name) && SAFE_VERSION.test(value.trim())) return value.trim()
  return undefined
}

function versionInJson(body: string): string | undefined {
  const trimmed = body.trim()
  if (!trimmed.startsWith('{')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    return undefined
  }
  const look = (value: unknown, depth: number): string | undefined => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined
    const entries = Object.entries(value as Record<string, unknown>)
    for (const field of VERSION_FIELDS) {
      const hit = entries.find(([key, v]) => key.toLowerCase() === field && (typeof v === 'string' || typeof v === 'number'))
      if (hit) return String(hit[1])
    }
    if (depth > 0) for (const [, v] of entries) {
      const nested = look(v, depth - 1)
      if (nested) return nested
    }
    return undefined
  }
  return look(parsed, 1)
}
