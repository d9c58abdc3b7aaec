import { Cursor } from "@sutro-effect/protocol"
import * as Timestamp from "@sutro-effect/protocol/Timestamp"
import { strictEqual } from "node:assert"

strictEqual(Timestamp.parseMillis("2024-01-15T10:30:00Z"), 1705314600000)
strictEqual(Timestamp.parseMillis("2024-01-15 10:30:00.250+01:00"), 1705311000250)
strictEqual(Cursor.problem("eyJpZCI6ICJqb2JfMTIzIn0="), undefined)
strictEqual(Cursor.problem(""), "a cursor must be a non-empty string: pass the `next_cursor` of a previous page")
