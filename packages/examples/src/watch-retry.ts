import { JobWatch } from "@sutro-effect/client"
import * as Schedule from "effect/Schedule"
import * as Stream from "effect/Stream"

// A watch that fails for good after five failed polls in a row, spaced from 1 second up.
export const events = JobWatch.watch({ interval: "30 seconds" }).pipe(
  Stream.retry(Schedule.exponential("1 second").pipe(Schedule.compose(Schedule.recurs(5))))
)
