/** The renderer: marker first, verdict and checklist whole, hostile text inert, size limits held. */
import { describe, expect, it } from '@jest/globals'
import type { RunRecord } from '../../src/report/model.js'
import { fenced, inline, marker, renderReport, renderWithin } from '../../src/report/render.js'

function record(over: Partial<RunRecord> = {}): RunRecord {
  return {
    result: 'failure',
    key: 'production:web',
    commitSha: '3f2a9c1e7b4d5f60812a',
    deployMode: 'api',
    startedAt: '2026-11-24T12:00:00.000Z',
    notes: [],
    project: { id: 'p', name: 'shop' },
    environment: { id: 'e', name: 'production' },
    services: [
      {
        name: 'web',
        id: 's1',
        verdict: 'failed',
        failedStage: 'wait',
        message: 'Railway deployment d1 FAILED.',
        checklist: {
          mode: 'error',
          presets: ['django'],
          detected: [],
          failed: false,
          items: [{ name: 'SECRET_KEY', state: 'ok', source: 'preset django', severity: 'error' }]
        },
        deployment: { id: 'd1', status: 'FAILED', mode: 'api', timeline: [{ status: 'BUILDING', at: 'x', durationMs: 1500 }, { status: 'FAILED', at: 'y' }] },
        logs: [{ kind: 'build', lines: ['step 1', 'boom'], truncated: false }]
      }
    ],
    ...over
  }
}

describe('renderReport', () => {
  it('starts with the marker and shows verdict, deployment, timeline and logs', () => {
    const text = renderReport(record())
    expect(text.split('\n')[0]).toBe('<!-- railway-deploy-gate:production:web -->')
    expect(text).toContain('❌ Railway deploy failed')
    expect(text).toContain('Timeline: BUILDING 1.5s → FAILED')
    expect(text).toContain('<details open><summary>Build log (last 2 lines)</summary>')
  })

  it('keeps hostile log text inside an unbreakable fence', () => {
    const evil = ['````', '</details>', '<img src=x onerror=alert(1)>', '@acme/everyone', '::add-mask::x']
    const r = record()
    r.services[0].logs = [{ kind: 'build', lines: evil, truncated: false }]
    const text = renderReport(r)
    const body = fenced(evil.join('\n'))
    expect(text).toContain(body)
    expect(body.startsWith('`````text')).toBe(true)
  })

  it('escapes names and messages outside fences', () => {
    expect(inline('<b>@team</b> | x')).toBe('&lt;b&gt;@\u200bteam&lt;/b&gt; \\| x')
    const r = record()
    r.services[0].message = 'failed <script>@org/admins'
    expect(renderReport(r)).not.toMatch(/<script>|@org/)
  })

  it('fences a log with more backtick runs than a function may take arguments', () => {
    const text = '` '.repeat(300_000) + '````'
    expect(fenced(text).startsWith('`````text\n')).toBe(true)
  })

  it('marker keys cannot close the HTML comment', () => {
    expect(marker('a-->b')).toBe('<!-- railway-deploy-gate:a-b -->')
  })

  it('fits a 10 MB log tail under the comment limit, keeping the checklist', () => {
    const r = record()
    r.services[0].logs = [{ kind: 'build', lines: Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(480)}`), truncated: true }]
    const text = renderWithin(r, 65_536)
    expect(text.length).toBeLessThanOrEqual(65_536)
    expect(text).toContain('Checklist')
    expect(text).toContain('line 19999')
  })
})
