/** The log safety pipeline: controls stripped, known values and secret shapes redacted, PEM blocks across lines, then cut. */
import { describe, expect, it } from '@jest/globals'
import { redact, redactPemBlocks, REDACTED, sanitizeLines, SecretSet, stripControls } from '../../src/report/sanitize.js'
import { HOSTILE_LINES, SANDBOX_GITHUB_TOKEN, SHAPED_SECRETS } from '../../sandbox/scenarios/report.ts'
import { FIXTURE_SECRETS, PROJECT_TOKEN } from '../../sandbox/scenarios/base.ts'

function knownSecrets(): SecretSet {
  const set = new SecretSet()
  for (const value of [...Object.values(FIXTURE_SECRETS), PROJECT_TOKEN, SANDBOX_GITHUB_TOKEN]) set.add(value)
  return set
}

describe('stripControls', () => {
  it('removes ANSI CSI and OSC sequences, C0/C1 controls and bidi overrides, keeping tabs', () => {
    expect(stripControls('\u001b[31mred\u001b[0m\tok')).toBe('red\tok')
    expect(stripControls('\u001b]8;;https://x\u0007link\u001b]8;;\u0007')).toBe('link')
    expect(stripControls('a\u202eb\u2066c\u0000d\u009be')).toBe('abcde')
  })
})

describe('redact', () => {
  it('replaces every known value and its base64 and URL-encoded forms', () => {
    const set = knownSecrets()
    const text = `${FIXTURE_SECRETS.SECRET_KEY} ${Buffer.from(FIXTURE_SECRETS.STRIPE_SECRET_KEY).toString('base64')} ${encodeURIComponent(FIXTURE_SECRETS.DATABASE_URL)}`
    const out = redact(text, set)
    expect(out).toBe([REDACTED, REDACTED, REDACTED].join(' '))
  })

  it.each(Object.entries(SHAPED_SECRETS).filter(([k]) => k !== 'pemBody' && k !== 'urlPassword'))('redacts the %s shape without knowing the value', (_kind, value) => {
    const line = _kind === 'awsSecret' ? `AWS_SECRET_ACCESS_KEY=${value}` : `key ${value} end`
    const out = redact(line, new SecretSet())
    expect(out).not.toContain(value)
    expect(out).toContain(REDACTED)
  })

  it('keeps the name in front of an AWS secret key and the parts of a URL around its password', () => {
    expect(redact(`aws_secret_access_key = ${SHAPED_SECRETS.awsSecret}`, new SecretSet())).toBe(`aws_secret_access_key = ${REDACTED}`)
    expect(redact(`amqp://worker:${SHAPED_SECRETS.urlPassword}@mq:5672/`, new SecretSet())).toBe(`amqp://worker:${REDACTED}@mq:5672/`)
    // A password holding `@` is redacted up to the authority's last one.
    expect(redact('postgres://u:p@ss@db.internal:5432/app and more', new SecretSet())).toBe(`postgres://u:${REDACTED}@db.internal:5432/app and more`)
    expect(redact('see admin@example.com or http://x:y@h', new SecretSet())).toBe(`see admin@example.com or http://x:${REDACTED}@h`)
  })

  it('leaves ordinary text and short values alone', () => {
    const set = new SecretSet()
    set.add('true')
    set.add('3000')
    expect(redact('DEBUG is true on port 3000', set)).toBe('DEBUG is true on port 3000')
  })
})

describe('redactPemBlocks', () => {
  it('redacts a key spread over log lines, BEGIN to END', () => {
    const lines = ['before', '-----BEGIN RSA PRIVATE KEY-----', 'MIIBody1', 'MIIBody2', '-----END RSA PRIVATE KEY-----', 'after']
    expect(redactPemBlocks(lines)).toEqual(['before', REDACTED, REDACTED, REDACTED, REDACTED, 'after'])
  })

  it('redacts everything above an END when the tail starts inside a block', () => {
    expect(redactPemBlocks(['MIIBody2', 'MIIBody3', '-----END PRIVATE KEY-----', 'after'])).toEqual([REDACTED, REDACTED, REDACTED, 'after'])
  })

  it('redacts to the end of the tail when the END never comes', () => {
    expect(redactPemBlocks(['ok', '-----BEGIN EC PRIVATE KEY-----', 'MIIBody'])).toEqual(['ok', REDACTED, REDACTED])
  })
})

describe('sanitizeLines', () => {
  it('leaves no secret of the hostile scenario, in any form', () => {
    const { lines } = sanitizeLines(HOSTILE_LINES, knownSecrets(), 200)
    const text = lines.join('\n')
    for (const secret of [...Object.values(FIXTURE_SECRETS), PROJECT_TOKEN, SANDBOX_GITHUB_TOKEN, ...Object.values(SHAPED_SECRETS)]) {
      expect(text).not.toContain(secret)
    }
    expect(text).not.toMatch(/\u001b|\u202e/)
  })

  it('redacts before it cuts, so a cut never leaves half a secret', () => {
    const set = knownSecrets()
    // The secret straddles the 500-character cut: cutting first would keep its first characters.
    const line = `${'a'.repeat(492)} ${FIXTURE_SECRETS.SECRET_KEY}`
    const { lines } = sanitizeLines([line], set, 10, 500)
    expect(lines[0]).toBe(`${'a'.repeat(492)} [redact…`)
    expect(lines[0]).not.toContain(FIXTURE_SECRETS.SECRET_KEY.slice(0, 5))
  })

  it('splits messages holding newlines so no line of a message escapes its own cleaning', () => {
    const { lines, truncated } = sanitizeLines(['one\n::error::two', 'three'], new SecretSet(), 2)
    expect(lines).toEqual(['::error::two', 'three'])
    expect(truncated).toBe(true)
  })
})
