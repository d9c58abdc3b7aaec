// Small, fast, seedable generators. Determinism matters more than quality here: the same seed must
// give the same jobs and the same random faults on every machine and Node version.

/** Mixes two 32-bit integers into one (a murmur3-style finalizer), for random access by index. */
export const hash2 = (a: number, b: number): number => {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A mulberry32 stream. */
export class Prng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  /** A uint32. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<A>(items: ReadonlyArray<A>): A {
    return items[Math.floor(this.next() * items.length)]
  }
  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<A>(items: ReadonlyArray<readonly [number, A]>): A {
    let total = 0
    for (const [w] of items) total += w
    let r = this.next() * total
    for (const [w, value] of items) {
      r -= w
      if (r < 0) return value
    }
    return items[items.length - 1][1]
  }
}
