/** The real side effects that are cheap to run here: the bounded program runner and the workspace reader. */
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { boundedExec, workspaceReader } from '../src/runtime.js'
import { rejection } from '../__fixtures__/errors.js'


describe('boundedExec', () => {
  it('returns the exit code and output of a program', async () => {
    const result = await boundedExec(process.execPath, ['-e', 'console.log("up"); process.exit(3)'])
    expect(result).toMatchObject({ exitCode: 3, stdout: 'up\n' })
  })

  it('gives up at its time limit, and at once when cancelled', async () => {
    const slow = ['-e', 'setTimeout(() => {}, 400)']
    expect((await rejection(boundedExec(process.execPath, slow, { timeoutMs: 30 }))).kind).toBe('timeout')
    const controller = new AbortController()
    controller.abort()
    expect((await rejection(boundedExec(process.execPath, slow, { signal: controller.signal }))).kind).toBe('cancelled')
  })
})

describe('workspaceReader', () => {
  it('reads files inside the workspace only', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rdg-ws-'))
    const outside = mkdtempSync(join(tmpdir(), 'rdg-out-'))
    try {
      mkdirSync(join(root, 'app'))
      writeFileSync(join(root, 'app', 'manage.py'), 'print(1)')
      writeFileSync(join(outside, 'secret.txt'), 'nope')
      symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'))
      const repo = workspaceReader(root)
      expect(await repo.read('app/manage.py')).toBe('print(1)')
      expect(await repo.read('../' + outside.split('/').pop() + '/secret.txt')).toBeUndefined()
      expect(await repo.read('link.txt')).toBeUndefined() // a committed symlink cannot lead out
      expect(await repo.read('missing.txt')).toBeUndefined()
    } finally {
      rmSync(root, { recursive: true, force: true })
      rmSync(outside, { recursive: true, force: true })
    }
  })
})
