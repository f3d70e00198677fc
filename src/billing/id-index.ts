/*
 * The ids of the log's entries, found by their UTF-8 bytes (issue 14). A closed month's record is read a
 * million entries at a time, and for each the question is whether the log has its id; asked of a Set, each
 * answer needs the id made into a string and then costs about a microsecond in a set of a million (the
 * lookups miss the processor's caches), which made a year of history cost more than billing the month.
 * Here an id's bytes are hashed where they lie and looked up in one open-addressed table of numbers.
 */

const EMPTY = 0;

/** A set of ids, asked by the UTF-8 bytes of an id. */
export class IdIndex {
  /** Every id's bytes, one after another; id n is `bytes[starts[n]] … bytes[starts[n + 1]]`. */
  private readonly bytes: Uint8Array;
  private readonly starts: Int32Array;
  /**
   * Open addressing with linear probing, two numbers a slot (side by side: one memory access a probe): the
   * id's hash, and 1 + its number or EMPTY.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(ids: readonly string[]) {
    this.starts = new Int32Array(ids.length + 1);
    this.bytes = utf8Of(ids, this.starts);
    let capacity = 1024;
    while (capacity < ids.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 2);
    this.mask = capacity - 1;
    for (let n = 0; n < ids.length; n++) {
      const from = this.starts[n]!;
      const to = this.starts[n + 1]!;
      const hash = hashBytes(this.bytes, from, to);
      let slot = hash & this.mask;
      let known = false;
      for (; this.slots[2 * slot + 1] !== EMPTY; slot = (slot + 1) & this.mask) {
        if (this.slots[2 * slot] === hash && this.same(this.slots[2 * slot + 1]! - 1, this.bytes, from, to)) known = true; // an id used twice is one id here
      }
      if (known) continue;
      this.slots[2 * slot] = hash;
      this.slots[2 * slot + 1] = n + 1;
    }
  }

  /** Whether the id whose UTF-8 bytes are `bytes[from] … bytes[to]` is in the set. */
  has(bytes: Uint8Array, from: number, to: number): boolean {
    const hash = hashBytes(bytes, from, to);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1]!;
      if (entry === EMPTY) return false;
      if (this.slots[2 * slot] === hash && this.same(entry - 1, bytes, from, to)) return true;
    }
  }

  private same(n: number, bytes: Uint8Array, from: number, to: number): boolean {
    const start = this.starts[n]!;
    if (this.starts[n + 1]! - start !== to - from) return false;
    for (let i = 0; i < to - from; i++) if (this.bytes[start + i] !== bytes[from + i]) return false;
    return true;
  }
}

/** The ids' UTF-8 bytes one after another, with where each ends in `ends[n + 1]`. */
function utf8Of(ids: readonly string[], ends: Int32Array): Uint8Array {
  let size = 0;
  for (const id of ids) size += id.length;
  let bytes = new Uint8Array(size + 16);
  let end = 0;
  const encoder = new TextEncoder();
  ids.forEach((id, n) => {
    if (end + id.length * 3 > bytes.length) {
      const larger = new Uint8Array(Math.max(bytes.length * 2, end + id.length * 3));
      larger.set(bytes.subarray(0, end));
      bytes = larger;
    }
    let ascii = true;
    for (let i = 0; i < id.length && ascii; i++) {
      const code = id.charCodeAt(i);
      if (code < 0x80) bytes[end + i] = code;
      else ascii = false;
    }
    end += ascii ? id.length : encoder.encodeInto(id, bytes.subarray(end)).written;
    ends[n + 1] = end;
  });
  return bytes.slice(0, end);
}

/** FNV-1a, 32 bits. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash;
}
