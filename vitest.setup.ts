import { addEqualityTesters, it, makeMethods } from "@effect/vitest"

addEqualityTesters()

// @effect/vitest 0.x's `layer(...)` hands its block vitest's own `it` with `effect`, `scoped` and the rest
// replaced by the layer's versions (Object.assign on the one shared object), and leaves them there. With
// `isolate: false` a worker's files share that object: a file run after one with a `layer(...)` block
// got the layer's `it.effect` (with `excludeTestServices`, no TestClock: "testClock.adjust is not a
// function"). This file runs before each test file: every file starts from the default methods.
makeMethods(it)
