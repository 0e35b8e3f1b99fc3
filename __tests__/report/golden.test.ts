/**
 * Golden files: deterministic run records → the exact Markdown users read. A change to the report shows
 * up as a diff here; after checking it by eye, `UPDATE_GOLDEN=1 npm test -- __tests__/report/golden`
 * rewrites the files.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderReport } from '../../src/report/render.js'
import { GOLDEN_RECORDS } from './records.js'

const DIR = fileURLToPath(new URL('./golden/', import.meta.url))
const update = process.env.UPDATE_GOLDEN === '1'

describe('golden reports', () => {
  for (const [name, make] of Object.entries(GOLDEN_RECORDS)) {
    it(name, () => {
      const file = `${DIR}${name}.md`
      const text = renderReport(make())
      if (update || !existsSync(file)) writeFileSync(file, text)
      expect(text).toBe(readFileSync(file, 'utf8'))
    })
  }

  it('is concise when everything passed and detailed when something failed', () => {
    const passing = renderReport(GOLDEN_RECORDS['passing-run']())
    expect(passing).not.toContain('| Variable |') // all ok: one line, no table
    expect(passing).not.toContain('<details open>') // logs collapsed
    const checklist = renderReport(GOLDEN_RECORDS['checklist-failure']())
    expect(checklist).toContain('| `ALLOWED_HOSTS` | ❌ missing |')
    const health = renderReport(GOLDEN_RECORDS['health-failure']())
    expect(health).toContain('Last failures:')
    // The failing stage's log comes first and open.
    expect(health.indexOf('<details open><summary>Deploy log')).toBeGreaterThan(0)
    expect(health.indexOf('Deploy log')).toBeLessThan(health.indexOf('Build log'))
  })
})
