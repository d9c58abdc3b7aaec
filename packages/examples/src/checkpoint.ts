import { SutroClient } from "@sutro-effect/client"
import type { Job } from "@sutro-effect/core"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

// Where a pipeline keeps what it processed and how far it got: a database, a file, a queue.
export interface Sink {
  readonly store: (jobs: ReadonlyArray<Job.Job>) => Effect.Effect<void>
  readonly saveCheckpoint: (nextCursor: string | null) => Effect.Effect<void>
}

// Walks from `checkpoint` (undefined: from the newest job), saving a checkpoint after each stored page.
export const walk = (checkpoint: string | undefined, sink: Sink) =>
  Effect.flatMap(SutroClient.SutroClient, (sutro) =>
    sutro.pages({ startCursor: checkpoint }).pipe(
      Stream.mapEffect((page) => Effect.as(sink.store(page.jobs), page.next_cursor)),
      Stream.runForEach((next) => sink.saveCheckpoint(next))
    ))
