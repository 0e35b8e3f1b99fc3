import type { GateError } from '../src/errors.js'

/** The error a promise rejects with; fails the test when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<GateError> {
  try {
    await promise
  } catch (error) {
    return error as GateError
  }
  throw new Error('expected a rejection')
}
