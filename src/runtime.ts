import * as core from '@actions/core'
import * as actionsExec from '@actions/exec'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import WebSocket from 'ws'
import { systemClock } from './clock.js'
import type { Deps, RepoReader } from './deps.js'
import { createOctokitApi } from './github/api.js'
import type { Logger } from './logger.js'
import { neutralizeWorkflowCommands } from './report/runner-log.js'

/** The real side effects, wired for a runner. Only index.ts calls this. */

const MAX_REPO_FILE_BYTES = 1024 * 1024

export const coreLogger: Logger = {
  debug: (m) => core.debug(m),
  // core.info writes the text as it is, and the runner reads commands from every line it prints.
  info: (m) => core.info(neutralizeWorkflowCommands(m)),
  raw: (line) => core.info(line),
  warning: (m) => core.warning(m),
  error: (m) => core.error(m),
  setSecret: (v) => core.setSecret(v),
  group: (title, fn) => core.group(title, fn)
}

/** Reads files under the workspace only, and only up to a size a checklist or manifest can have. */
export function workspaceReader(root: string): RepoReader {
  const base = path.resolve(root)
  return {
    async read(relative) {
      const full = path.resolve(base, relative)
      if (full !== base && !full.startsWith(base + path.sep)) return undefined
      try {
        const info = await stat(full)
        if (!info.isFile() || info.size > MAX_REPO_FILE_BYTES) return undefined
        return await readFile(full, 'utf8')
      } catch {
        return undefined
      }
    }
  }
}

export function createDeps(signal: AbortSignal): Deps {
  return {
    fetch: globalThis.fetch.bind(globalThis),
    clock: systemClock,
    random: Math.random,
    env: process.env,
    log: coreLogger,
    io: {
      // undefined when the runner did not set the input at all (local runs), '' when it was set empty.
      getInput: (name) => (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] === undefined ? undefined : core.getInput(name)),
      setOutput: (name, value) => core.setOutput(name, value),
      appendSummary: async (markdown) => {
        if (!process.env.GITHUB_STEP_SUMMARY) return
        await core.summary.addRaw(markdown).write()
      },
      setFailed: (message) => core.setFailed(message)
    },
    exec: async (command, args, options) => {
      const result = await actionsExec.getExecOutput(command, args, { cwd: options?.cwd, env: options?.env, ignoreReturnCode: true, silent: true })
      return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }
    },
    repo: workspaceReader(process.env.GITHUB_WORKSPACE ?? process.cwd()),
    github: (token, apiUrl) => createOctokitApi(token, apiUrl, coreLogger),
    webSocket: (url, protocols, headers) => new WebSocket(url, protocols, { headers, handshakeTimeout: 10_000 }),
    signal
  }
}
