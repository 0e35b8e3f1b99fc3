/** testPattern: user regexes under a time limit that a catastrophic pattern cannot escape. */
import { describe, expect, it } from '@jest/globals'
import { testPattern, unsafePatternReason } from '../src/safe-regex.js'

describe('testPattern', () => {
  it('answers ordinary patterns, with flags', () => {
    expect(testPattern('^sk_(live|test)_', '', 'sk_live_abc', 100)).toBe(true)
    expect(testPattern('"status":\\s*"ok"', 'i', '{"STATUS": "ok"}', 100)).toBe(true)
    expect(testPattern('^prod$', '', 'production', 100)).toBe(false)
  })

  it('stops exponential backtracking and says so, after one longer retry', () => {
    expect(testPattern('^(a+)+$', '', 'a'.repeat(5000) + '!', 20)).toBe('timeout')
  })

  it('keeps no text of the last call in its sandbox', () => {
    testPattern('x', '', 'secret-value-123', 100)
    expect(testPattern('secret', '', '', 100)).toBe(false)
  })
})

describe('unsafePatternReason', () => {
  it.each(['(a+)+$', '(\\w*)*x', '(x+y?){2,}', '((ab)+c)*', '(?:a|b+)+', '^(([a-z])+.)+[A-Z]([a-z])+$'])('flags %s', (source) => {
    expect(unsafePatternReason(source)).toMatch(/repeats a group that already repeats/)
  })
  it.each(['"status":\\s*"ok"', '(ab)+', '(a+)b', '[(+]+', '\\(a+\\)+', 'v(\\d+)\\.(\\d+)', '(a+){1}', '(a+)?'])('accepts %s', (source) => {
    expect(unsafePatternReason(source)).toBeUndefined()
  })
})
