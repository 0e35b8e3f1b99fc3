/**
 * The report rendered the way GitHub renders it: micromark with the GFM extension (the CommonMark/GFM
 * reference implementation), raw HTML allowed as GitHub allows it before sanitising. Hostile text in
 * logs, names and messages must come out as inert text: no element it injects, no link, no mention,
 * and the <details> structure exactly the one the renderer wrote.
 */
import { describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import type { RunRecord } from '../../src/report/model.js'
import { code, renderReport, renderWithin } from '../../src/report/render.js'
import { sanitizeLines, SecretSet } from '../../src/report/sanitize.js'
import { HOSTILE_LINES } from '../../sandbox/scenarios/report.ts'
import { buildFailure, healthFailure, passingRun } from './records.js'

function toHtml(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()], allowDangerousHtml: true })
}

/** Tags in the HTML, in order, as `name` or `/name`, ignoring void elements the renderer never writes. */
function tags(html: string): string[] {
  return [...html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)].map((m) => `${m[1]}${m[2].toLowerCase()}`)
}

/** The HTML with every <pre> and <code> element's content removed: what is left is prose. */
function prose(html: string): string {
  return html.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '')
}

function assertInert(html: string): void {
  const found = tags(html)
  for (const bad of ['img', 'script', 'iframe', 'style', 'svg', 'form', 'input']) expect(found).not.toContain(bad)
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])
  for (const href of hrefs) expect(href).toMatch(/^https:\/\/(github\.com|railway\.com|web-production\.up\.railway\.app|127\.0\.0\.1)/)
  // GitHub pings @name in prose only; code is never a mention.
  expect(prose(html)).not.toMatch(/(^|[^\w`])@[A-Za-z0-9]/)
}

function hostile(record: RunRecord): RunRecord {
  const { lines } = sanitizeLines(HOSTILE_LINES, new SecretSet(), 200)
  record.services[0].logs = [
    { kind: 'build', lines, truncated: false },
    { kind: 'deploy', lines, truncated: false }
  ]
  return record
}

describe('the report under GitHub-flavoured Markdown', () => {
  it('renders the golden records with balanced <details> and one <pre> per log tail', () => {
    for (const record of [passingRun(), buildFailure(), healthFailure()]) {
      const html = toHtml(renderReport(record))
      const logs = record.services[0].logs.length
      expect(tags(html).filter((t) => t === 'details')).toHaveLength(logs)
      expect(tags(html).filter((t) => t === '/details')).toHaveLength(logs)
      expect(tags(html).filter((t) => t === 'pre')).toHaveLength(logs)
      assertInert(html)
    }
  })

  it('keeps hostile log text inside its fence: no element, link or mention escapes', () => {
    const record = hostile(buildFailure())
    const markdown = renderReport(record)
    const html = toHtml(markdown)
    // Exactly the structure the renderer wrote: details > summary, pre, /details — twice, never nested.
    const structure = tags(html).filter((t) => ['details', '/details', 'summary', '/summary', 'pre', '/pre'].includes(t))
    expect(structure).toEqual(['details', 'summary', '/summary', 'pre', '/pre', '/details', 'details', 'summary', '/summary', 'pre', '/pre', '/details'])
    assertInert(html)
    // The text is still there for a human to read, escaped.
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('&lt;/details&gt;&lt;/details&gt;')
    expect(html).toContain('[click me](javascript:alert(1))')
    expect(html).toContain('@acme/everyone')
  })

  it('a fence without the long fence would break: the test can see an escape', () => {
    // The same text in a plain ``` fence lets the HTML out: proof that assertInert catches it.
    const html = toHtml(['```text', 'ok', '```', '', '<img src=x onerror=alert(1)>', '', 'cc @octocat', '```'].join('\n'))
    expect(tags(html)).toContain('img')
    expect(() => assertInert(html)).toThrow()
  })

  it('escapes hostile names, messages, URLs and probe details outside the fences', () => {
    const record = healthFailure()
    const service = record.services[0]
    service.name = 'web`<img src=x onerror=alert(1)>`'
    service.message = 'failed <script>alert(1)</script> cc @acme/admins [x](javascript:alert(1)) | cell'
    service.health!.url = 'https://web-production.up.railway.app/h`ealth`)<img src=x>'
    service.health!.probes[0].detail = '``` </details> @octocat <img src=x onerror=1>'
    service.url = 'javascript:alert(1)'
    record.notes.push('note with <img src=x> and @octocat')
    record.error = '<details><summary>x</summary>'
    const html = toHtml(renderReport(record))
    assertInert(html)
    expect(tags(html).filter((t) => t === 'details')).toHaveLength(service.logs.length)
    expect(tags(html).filter((t) => t === '/details')).toHaveLength(service.logs.length)
  })

  it('code spans hold any backtick run and pipes inside table cells', () => {
    for (const text of ['a`b', '``x``', '`lead', 'trail`', 'a|b']) {
      const html = toHtml(`| h |\n|---|\n| ${code(text)} |`)
      expect(html).toContain('<td><code>')
      expect(tags(html).filter((t) => t === 'td')).toHaveLength(1)
    }
  })

  it('a report cut to size still renders with its structure whole', () => {
    const record = hostile(buildFailure())
    record.services[0].logs[0].lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'y'.repeat(400)} </details> \`\`\``)
    const text = renderWithin(record, 20_000)
    expect(text.length).toBeLessThanOrEqual(20_000)
    const html = toHtml(text)
    expect(tags(html).filter((t) => t === 'details').length).toBe(tags(html).filter((t) => t === '/details').length)
    assertInert(html)
  })
})
