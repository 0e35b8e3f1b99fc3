/** Log tails in the runner's log: each in its own group, between stop-commands and a random resume token. */
import { describe, expect, it } from '@jest/globals'
import { MemoryLogger } from '../../src/logger.js'
import { neutralizeWorkflowCommands, printLogTails, stopToken } from '../../src/report/runner-log.js'
import { buildFailure } from './records.js'

describe('printLogTails', () => {
  it('wraps every tail in ::stop-commands:: with the token, one group per tail', async () => {
    const log = new MemoryLogger()
    const record = buildFailure()
    record.services[0].logs.push({ kind: 'deploy', lines: ['::error::pwned', '##[set-output name=a;]b'], truncated: false })
    await printLogTails(log, record, 'tok123')
    expect(log.lines).toEqual([
      'group: web: build log (last 4 lines)',
      '::stop-commands::tok123',
      ...record.services[0].logs[0].lines,
      '::tok123::',
      'group: web: deploy log (last 2 lines)',
      '::stop-commands::tok123',
      '::error::pwned',
      '##[set-output name=a;]b',
      '::tok123::'
    ])
  })

  it('needs no fence where nothing parses workflow commands (the preflight terminal)', async () => {
    const log = Object.assign(new MemoryLogger(), { parsesWorkflowCommands: false })
    const record = buildFailure()
    await printLogTails(log, record, 'tok123')
    expect(log.lines.some((line) => line.includes('tok123'))).toBe(false)
    expect(log.lines).toContain(record.services[0].logs[0].lines[0])
  })

  it('prints nothing for a service without logs', async () => {
    const log = new MemoryLogger()
    const record = buildFailure()
    record.services[0].logs = []
    await printLogTails(log, record)
    expect(log.lines).toEqual([])
  })

  it('makes a new unguessable token each run', () => {
    const a = stopToken()
    const b = stopToken()
    expect(a).not.toBe(b)
    expect(a).toMatch(/^rdg-[0-9a-f]{32}$/)
  })

  it('neutralises commands in any other text the action prints', () => {
    const out = neutralizeWorkflowCommands('Probe 1: version x\n  ::add-mask::Deployed\nok ##[error]pwned')
    for (const line of out.split('\n')) {
      expect(line.trimStart().startsWith('::')).toBe(false)
      expect(line).not.toContain('##[')
    }
    expect(out).toContain('add-mask::Deployed')
  })
})
