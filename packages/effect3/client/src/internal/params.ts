/**
 * The parameters of a request or a walk, checked before anything is sent: a bad one is an
 * `InvalidRequestError` naming the parameter.
 */
import { Cursor, PageSize, SutroError, Timestamp } from "@sutro-effect/core"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import type * as SutroClient from "../SutroClient.js"
import { firstIssueMessage } from "./errors.js"
import type * as pagination from "./pagination.js"

/** @internal */
export const defaultPageSize = 100

const invalidParameter = (parameter: string, detail: string) =>
  new SutroError.InvalidRequestError({ parameter, detail })

/** @internal */
export const checkLimit = (limit: number, parameter: string) =>
  Either.mapLeft(PageSize.decode(limit), (error) => invalidParameter(parameter, firstIssueMessage(error)))

/** @internal */
export const checkCursor = (cursor: string, parameter: string) =>
  Either.mapLeft(Cursor.decode(cursor), (error) => invalidParameter(parameter, firstIssueMessage(error)))

const toCreatedAfterMillis = (
  input: DateTime.DateTime | Date | string
): Either.Either<number, SutroError.InvalidRequestError> => {
  let millis: number | undefined
  if (typeof input === "string") millis = Timestamp.parseMillis(input.trim())
  else if (input instanceof Date) millis = input.getTime()
  else if (DateTime.isDateTime(input)) millis = DateTime.toEpochMillis(input)
  return millis === undefined || Number.isNaN(millis)
    ? Either.left(invalidParameter("createdAfter", "expected a DateTime, a Date or an ISO 8601 date-time"))
    : Either.right(millis)
}

const wholeNumber = (parameter: string, value: number, min: number) =>
  Number.isInteger(value) && value >= min
    ? Either.right(value)
    : Either.left(invalidParameter(parameter, `expected a whole number >= ${min}, got ${String(value)}`))

/**
 * The walk options of a stream, checked.
 *
 * @internal
 */
export const resolveWalk = (
  options: SutroClient.StreamOptions
): Either.Either<pagination.Walk & { readonly pageSize: number }, SutroError.InvalidRequestError> =>
  Either.gen(function*() {
    return {
      pageSize: yield* checkLimit(options.pageSize ?? defaultPageSize, "pageSize"),
      startCursor: options.startCursor === undefined ? null : yield* checkCursor(options.startCursor, "startCursor"),
      createdAfter: options.createdAfter === undefined ? undefined : yield* toCreatedAfterMillis(options.createdAfter),
      prefetch: yield* wholeNumber("prefetch", options.prefetch ?? 1, 0),
      maxPages: options.maxPages === undefined ? Infinity : yield* wholeNumber("maxPages", options.maxPages, 1)
    }
  })
