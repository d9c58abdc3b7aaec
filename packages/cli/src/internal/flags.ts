/**
 * Flags shared by several commands, defined once: `--page-size` (core's `PageSize`), `--since`
 * and `--status`.
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as PageSize from "@sutro-effect/core/PageSize"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Filters from "../Filters.js"

/** @internal */
export const usage = (message: string) => ValidationError.invalidValue(HelpDoc.p(message))

/** @internal */
export const pageSize = Options.integer("page-size").pipe(
  Options.withDescription(`Jobs per request, ${PageSize.min} to ${PageSize.max}`),
  Options.withDefault(PageSize.max),
  Options.withSchema(PageSize.PageSize.annotations({
    message: (issue) =>
      `--page-size must be a whole number from ${PageSize.min} to ${PageSize.max}, got ${issue.actual}`
  }))
)

/** `--since`, as epoch millis; `examples` are the spans the help shows. @internal */
export const since = (examples: string) =>
  Options.text("since").pipe(
    Options.withDescription(`Only jobs created after this: a span back from now (${examples}) or a date (2024-01-15)`),
    Options.optional,
    Options.mapEffect(Option.match({
      onNone: () => Effect.succeed<number | undefined>(undefined),
      onSome: (text) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Either.match(Filters.parseSince(text, now), {
            onLeft: (message) => Effect.fail(usage(message)),
            onRight: (millis) => Effect.succeed<number | undefined>(millis)
          }))
    }))
  )

/** `--status`, repeatable and optional (so the usage line shows it in brackets). @internal */
export const status = (description: string) =>
  Options.text("status").pipe(
    Options.withDescription(description),
    Options.repeated,
    Options.optional,
    Options.map((values) => Filters.statusFilter(Option.getOrElse(values, () => [])))
  )
