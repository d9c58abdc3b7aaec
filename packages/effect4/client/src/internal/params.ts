/**
 * The parameters of a request or a walk, checked before anything is sent: a bad one is an
 * `InvalidRequestError` naming the parameter. The rules are protocol's (`PageSize`, `Cursor`,
 * `Timestamp`).
 */
import type { Cursor } from "@sutro-effect/core"
import * as SutroError from "@sutro-effect/core/SutroError"
import * as ProtocolCursor from "@sutro-effect/protocol/Cursor"
import * as PageSize from "@sutro-effect/protocol/PageSize"
import * as Timestamp from "@sutro-effect/protocol/Timestamp"
import * as Walk from "@sutro-effect/protocol/Walk"
import * as DateTime from "effect/DateTime"
import type * as SutroClient from "../SutroClient.js"
import * as compat from "./compat.js"
import type * as pagination from "./pagination.js"

/** @internal */
export const defaultPageSize: number = PageSize.defaultSize

const invalidParameter = (parameter: string, detail: string) =>
  new SutroError.InvalidRequestError({ parameter, detail })

/** A number checked by one of protocol's rules (what is wrong with it, or undefined). */
const checked = (
  parameter: string,
  value: number,
  problem: (value: number) => string | undefined
): compat.Result<number, SutroError.InvalidRequestError> => {
  const found = problem(value)
  return found === undefined ? compat.succeed(value) : compat.fail(invalidParameter(parameter, found))
}

/** @internal */
export const checkLimit = (
  limit: number,
  parameter: string
): compat.Result<number, SutroError.InvalidRequestError> => checked(parameter, limit, PageSize.problem)

/** @internal */
export const checkCursor = (
  cursor: string,
  parameter: string
): compat.Result<Cursor.Cursor, SutroError.InvalidRequestError> => {
  // Options come from plain JavaScript too: a cursor that is not text is refused, not thrown on later.
  const problem = ProtocolCursor.inputProblem(cursor)
  // The brand is core's Cursor schema, whose only rule is this one.
  return problem === undefined
    ? compat.succeed(cursor as Cursor.Cursor)
    : compat.fail(invalidParameter(parameter, problem))
}

/**
 * The instant of a `createdAfter` (a walk's or a watch's) as epoch millis, or undefined: a
 * DateTime, else protocol's `Timestamp.inputMillis` (a valid Date or ISO 8601 text). One parser,
 * so `jobs()` and the watch accept and refuse the same inputs.
 *
 * @internal
 */
export const createdAfterMillis = (input: unknown): number | undefined =>
  DateTime.isDateTime(input) ? DateTime.toEpochMillis(input) : Timestamp.inputMillis(input)

/** @internal */
export const createdAfterExpected = "expected a DateTime, a Date or an ISO 8601 date-time such as 2024-01-15T00:00:00Z"

const toCreatedAfterMillis = (input: unknown): compat.Result<number, SutroError.InvalidRequestError> => {
  const millis = createdAfterMillis(input)
  return millis === undefined
    ? compat.fail(invalidParameter("createdAfter", createdAfterExpected))
    : compat.succeed(millis)
}

/**
 * The walk options of a stream, checked.
 *
 * @internal
 */
export const resolveWalk = (
  options: SutroClient.StreamOptions
): compat.Result<pagination.Walk, SutroError.InvalidRequestError> =>
  compat.gen(function*() {
    const maxJobs = options.maxJobs === undefined
      ? Infinity
      : yield* checked("maxJobs", options.maxJobs, Walk.maxJobsProblem)
    return {
      // Without a page size, a walk that wants fewer jobs than the default asks for only those.
      pageSize: yield* checkLimit(options.pageSize ?? Math.min(defaultPageSize, maxJobs), "pageSize"),
      maxJobs,
      startCursor: options.startCursor === undefined ? null : yield* checkCursor(options.startCursor, "startCursor"),
      createdAfter: options.createdAfter === undefined ? undefined : yield* toCreatedAfterMillis(options.createdAfter),
      prefetch: yield* checked("prefetch", options.prefetch ?? Walk.defaultPrefetch, Walk.prefetchProblem),
      maxPages: options.maxPages === undefined
        ? Infinity
        : yield* checked("maxPages", options.maxPages, Walk.maxPagesProblem)
    }
  })
