import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** action.yml read as data, for the tests that keep the README, the examples and the CLI equal to it. */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ActionInput {
  description: string
  required?: boolean
  default?: string
}

export interface ActionManifest {
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description: string }>
}

export function readActionManifest(): ActionManifest {
  return parse(readFileSync(`${ROOT}/action.yml`, 'utf8')) as ActionManifest
}
