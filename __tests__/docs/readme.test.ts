import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { INPUT_DEFAULTS } from '../../src/config/inputs.js'
import { readActionManifest, ROOT } from './action-contract.js'

/** The README is the Marketplace page: its tables must say what action.yml says, and its first commands must work. */

const readme = readFileSync(`${ROOT}/README.md`, 'utf8')
const manifest = readActionManifest()

/** The rows of the first Markdown table after `## heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start).toBeGreaterThanOrEqual(0)
  const lines = readme.slice(start).split('\n')
  const first = lines.findIndex((l) => l.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break
    rows.push(line.slice(1, -1).split(/(?<!\\) \| /).map((c) => c.trim().replace(/\\\|/g, '|')))
  }
  return rows
}

const unquote = (cell: string) => cell.replace(/^`(.*)`$/, '$1')

describe('README', () => {
  it('starts with the two commands that work on a fresh clone', () => {
    const commands = [...readme.matchAll(/```bash\n([^\n]+)\n```/g)].map((m) => m[1])
    expect(commands.slice(0, 2)).toEqual(['npm ci && npm run demo', 'npm ci && npm test'])
    const scripts = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')).scripts
    expect(scripts.demo).toBeDefined()
    expect(scripts.test).toBeDefined()
  })

  it('lists every input with the name, default and description of action.yml, in its order', () => {
    const rows = tableAfter('Inputs')
    expect(rows.map((r) => unquote(r[0]))).toEqual(Object.keys(manifest.inputs))
    for (const [name, defaultCell, description] of rows) {
      const input = manifest.inputs[unquote(name)]
      expect(description).toBe(input.description)
      const expected = input.required ? '**required**' : input.default === '' ? "`''`" : `\`${input.default}\``
      expect(`${name} ${defaultCell}`).toBe(`${name} ${expected}`)
    }
  })

  it('lists every output with its description', () => {
    const rows = tableAfter('Outputs')
    expect(rows.map((r) => unquote(r[0]))).toEqual(Object.keys(manifest.outputs))
    for (const [name, description] of rows) expect(description).toBe(manifest.outputs[unquote(name)].description)
  })

  it('action.yml and the inputs the code reads are the same list', () => {
    expect(Object.keys(manifest.inputs)).toEqual(Object.keys(INPUT_DEFAULTS))
  })

  it('shows the picture it promises and links files that exist', () => {
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)]+)\)/g)].map((m) => m[1])
    expect(links).toContain('docs/pr-comment.png')
    for (const link of links) expect(`${link} ${existsSync(`${ROOT}/${link}`)}`).toBe(`${link} true`)
  })

  it('quotes in its troubleshooting table only messages the action can print', () => {
    const rows = tableAfter('Troubleshooting')
    expect(rows.length).toBeGreaterThan(5)
    const sources = ['src/main.ts', 'src/config/inputs.ts', 'src/railway/client.ts', 'src/railway/resolve.ts', 'src/checklist/build.ts', 'src/deploy/trigger.ts']
      .map((file) => readFileSync(`${ROOT}/${file}`, 'utf8'))
      .join('\n')
      .replace(/`/g, '')
    for (const [message] of rows) {
      for (const quoted of [...message.matchAll(/`([^`]+)`/g)].map((m) => m[1])) {
        // Each fixed piece of the quoted message (between placeholders and the joints of composed messages) is in the source.
        const pieces = quoted
          .split(/…|: |\(sent as/)
          .map((piece) => piece.replace(/^["' /]+|["' /]+$/g, ''))
          .filter((piece) => piece.length >= 6)
        expect(pieces.length).toBeGreaterThan(0)
        for (const piece of pieces) expect(`${piece}: ${sources.includes(piece)}`).toBe(`${piece}: true`)
      }
    }
  })
})
