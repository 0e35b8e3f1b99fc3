import { describe, expect, it } from '@jest/globals'
import { cliDefault, parseArgs, UsageError } from '../../src/cli/flags.js'
import { helpText } from '../../src/cli/help.js'
import { markdownToTerminal, paint, wantsColor } from '../../src/cli/terminal.js'
import { readActionManifest } from '../docs/action-contract.js'

const manifest = readActionManifest()

describe('the preflight flags', () => {
  it('accepts every action input as a flag, in both spellings', () => {
    const argv = Object.keys(manifest.inputs).flatMap((name, i) => (i % 2 ? [`--${name}`, `v${i}`] : [`--${name}=v${i}`]))
    const parsed = parseArgs(argv)
    expect(Object.keys(parsed.inputs).sort()).toEqual(Object.keys(manifest.inputs).sort())
    expect(parsed.inputs.service).toBe(`v${Object.keys(manifest.inputs).indexOf('service')}`)
  })

  it('keeps values that contain = and commas', () => {
    expect(parseArgs(['--health-body=/ok=1/', '--service', 'web, worker']).inputs).toEqual({ 'health-body': '/ok=1/', service: 'web, worker' })
  })

  it('rejects an unknown flag and suggests the input it resembles', () => {
    expect(() => parseArgs(['--servce', 'web'])).toThrow(UsageError)
    expect(() => parseArgs(['--health'])).toThrow(/Unknown flag --health\. Did you mean --health-url\?/)
  })

  it('rejects a flag without its value and a bare word', () => {
    expect(() => parseArgs(['--service'])).toThrow(/--service needs a value/)
    expect(() => parseArgs(['--service', '--deploy', 'off'])).toThrow(/--service needs a value/)
    expect(() => parseArgs(['web'])).toThrow(/Unexpected argument "web"/)
  })

  it('reads the CLI-only flags', () => {
    expect(parseArgs(['--github-repo', 'acme/shop', '--verbose', '--no-color', '-h'])).toMatchObject({
      githubRepo: 'acme/shop',
      verbose: true,
      color: false,
      help: true
    })
    expect(() => parseArgs(['--github-repo', 'shop'])).toThrow(/not OWNER\/NAME/)
  })

  it('uses the action defaults, except deploy: a preflight deploys only when asked', () => {
    for (const [name, input] of Object.entries(manifest.inputs)) {
      if (name === 'deploy' || name === 'github-token') continue
      expect(`${name}=${cliDefault(name as never)}`).toBe(`${name}=${input.default ?? ''}`)
    }
    expect(cliDefault('deploy')).toBe('off')
  })

  it('--help lists every input of action.yml with its default', () => {
    const help = helpText()
    for (const [name, input] of Object.entries(manifest.inputs)) {
      const line = help.split('\n').find((l) => l.startsWith(`  --${name} `))
      expect(line).toBeDefined()
      if (input.default && name !== 'github-token' && name !== 'deploy') expect(line).toContain(`(default: ${input.default})`)
    }
    expect(help).toContain('(default: off; the action defaults to api)')
  })
})

describe('the terminal report', () => {
  const markdown = [
    '<!-- railway-deploy-gate:production:web -->',
    '## ❌ Railway deploy failed',
    'project **photo\\-shop** · [Railway dashboard](https://railway.com/x) · a &lt;b&gt; @\u200bmention',
    '<details><summary>Build log (last 2 lines)</summary>',
    '',
    '````text',
    'npm ERR! ```',
    '````',
    '</details>',
    '<sub>[Workflow run](https://example.test/run) · Railway Deploy Gate</sub>'
  ].join('\n')

  it('drops the HTML, undoes the escapes, indents the logs', () => {
    const text = markdownToTerminal(markdown, paint(false))
    expect(text).not.toMatch(/<!--|<details>|<summary>|<\/?sub>|\*\*/)
    expect(text).toContain('❌ Railway deploy failed')
    expect(text).toContain('Railway dashboard (https://railway.com/x) · a <b> @mention')
    expect(text).toContain('▸ Build log (last 2 lines)')
    expect(text).toContain('    npm ERR! ```')
  })

  it('colours verdicts only when colour is on', () => {
    expect(markdownToTerminal(markdown, paint(false))).not.toContain('\u001b[')
    expect(markdownToTerminal(markdown, paint(true))).toContain('\u001b[31m')
  })

  it('follows the terminal, NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColor(true, {})).toBe(true)
    expect(wantsColor(false, {})).toBe(false)
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false)
    expect(wantsColor(false, { FORCE_COLOR: '1' })).toBe(true)
    expect(wantsColor(true, {}, false)).toBe(false)
  })
})
