import { PackedTexts } from './packed-texts.js';

/*
 * Entry ids, looked up by text or by their UTF-8 bytes where a record file holds them (issue 14). R14 joins
 * a month's log with itself and with the closed months' records by id: millions of lookups. A Map of a
 * million strings costs about a microsecond a lookup on these machines (its entries and their strings are
 * spread over memory, so each lookup misses the processor's caches; bench/RESULTS.md), and asking it about a
 * record's id first needs the id made into a string. Here each id is hashed where its bytes lie (the table's
 * packed ids, a record file's buffer), into one typed array of slots: open addressing with linear probing,
 * the hash and the id's number side by side.
 */

/** Ids given by number (row `n` of packed texts), added one by one; each id's first number is kept. */
export class IdIndex {
  private slots: Int32Array;
  private mask: number;
  private added = 0;
  /**
   * Two bits of each added id's hash set in a bit array of four bits a slot (a megabyte for a million ids,
   * which stays in the processor's caches): asked about an id it does not have, as it is for nearly every
   * record of a year of closed months, the index mostly answers from here without a trip to its slots.
   */
  private seen: Int32Array;

  /**
   * `count`: how many ids will be added (the index grows if more are); `ids`: the ids by number (the index
   * keeps only numbers).
   */
  constructor(
    private readonly ids: PackedTexts,
    count: number,
  ) {
    let capacity = 1024;
    while (capacity < count * LOAD) capacity *= 2;
    this.slots = new Int32Array(capacity * 2); // [hash, 1 + number] per slot; 0: empty
    this.mask = capacity - 1;
    this.seen = new Int32Array(capacity / 8);
  }

  /** Whether the index may have an id of this hash (false: it has none). */
  private mayHave(hash: number): boolean {
    const bits = this.seen.length * 32 - 1;
    const a = hash & bits;
    const b = secondHash(hash) & bits;
    return (this.seen[a >>> 5]! & (1 << (a & 31))) !== 0 && (this.seen[b >>> 5]! & (1 << (b & 31))) !== 0;
  }

  private see(hash: number): void {
    const bits = this.seen.length * 32 - 1;
    const a = hash & bits;
    const b = secondHash(hash) & bits;
    this.seen[a >>> 5]! |= 1 << (a & 31);
    this.seen[b >>> 5]! |= 1 << (b & 31);
  }

  /** Add the id of row `n`; gives the number it was added under before, or -1 if it is new. */
  add(n: number): number {
    const bytes = this.ids.bytes;
    const from = this.ids.from(n);
    const to = this.ids.to(n);
    const hash = hashBytes(bytes, from, to);
    let slot = hash & this.mask;
    for (; this.slots[2 * slot + 1] !== 0; slot = (slot + 1) & this.mask) {
      const known = this.slots[2 * slot + 1]! - 1;
      if (this.slots[2 * slot] === hash && this.sameBytes(known, bytes, from, to)) return known;
    }
    this.slots[2 * slot] = hash;
    this.slots[2 * slot + 1] = n + 1;
    this.see(hash);
    if (++this.added * LOAD > this.mask + 1) this.grow();
    return -1;
  }

  /** Twice the slots, each id placed again by the hash kept beside it. */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = old.length - 1;
    this.seen = new Int32Array(old.length / 8);
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === 0) continue;
      this.see(old[at]!);
      let slot = old[at]! & this.mask;
      while (this.slots[2 * slot + 1] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = old[at]!;
      this.slots[2 * slot + 1] = old[at + 1]!;
    }
  }

  /** The number of an id added, or -1. */
  find(id: string): number {
    const hash = hashText(id);
    if (!this.mayHave(hash)) return -1;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1]!;
      if (entry === 0) return -1;
      if (this.slots[2 * slot] === hash && sameUtf8(id, this.ids.bytes, this.ids.from(entry - 1), this.ids.to(entry - 1))) return entry - 1;
    }
  }

  /** The number of the added id whose UTF-8 bytes are `bytes[from] … bytes[to]`, or -1. */
  findBytes(bytes: Uint8Array, from: number, to: number): number {
    const hash = hashBytes(bytes, from, to);
    if (!this.mayHave(hash)) return -1;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[2 * slot + 1]!;
      if (entry === 0) return -1;
      if (this.slots[2 * slot] === hash && this.sameBytes(entry - 1, bytes, from, to)) return entry - 1;
    }
  }

  private sameBytes(n: number, bytes: Uint8Array, from: number, to: number): boolean {
    const own = this.ids.bytes;
    let at = this.ids.from(n);
    if (this.ids.to(n) - at !== to - from) return false;
    for (let i = from; i < to; i++, at++) if (own[at] !== bytes[i]) return false;
    return true;
  }
}

/** An index of a list of ids (the clerk's decisions), each by its place in the list. */
export function indexOfIds(ids: Iterable<string>): IdIndex {
  const packed = new PackedTexts();
  for (const id of ids) packed.push(id);
  const index = new IdIndex(packed, packed.size);
  for (let n = 0; n < packed.size; n++) index.add(n);
  return index;
}

/** Slots per id at least: a table at most two thirds full keeps probes short. */
const LOAD = 1.5;

const FNV_START = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Other bits of an FNV-1a hash, mixed (the low bits of the hash itself place an id in the slots). */
function secondHash(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 7;
}

/** FNV-1a (32 bits) of bytes. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = FNV_START;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
  return hash;
}

/** The same hash of a text's UTF-8 bytes, without encoding it. */
function hashText(text: string): number {
  let hash = FNV_START;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      continue;
    }
    const point = codePointAt(text, i);
    if (point > 0xffff) i++;
    for (const byte of utf8Bytes(point)) hash = Math.imul(hash ^ byte, FNV_PRIME);
  }
  return hash;
}

/** Whether `bytes[from] … bytes[to]` are the UTF-8 bytes of `text`. */
function sameUtf8(text: string, bytes: Uint8Array, from: number, to: number): boolean {
  let at = from;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (at >= to || bytes[at++] !== code) return false;
      continue;
    }
    const point = codePointAt(text, i);
    if (point > 0xffff) i++;
    for (const byte of utf8Bytes(point)) if (at >= to || bytes[at++] !== byte) return false;
  }
  return at === to;
}

/** The code point at `i`; a lone surrogate is U+FFFD, as UTF-8 encoding writes it. */
function codePointAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
    return 0xfffd;
  }
  return code >= 0xdc00 && code <= 0xdfff ? 0xfffd : code;
}

function utf8Bytes(point: number): number[] {
  if (point < 0x800) return [0xc0 | (point >> 6), 0x80 | (point & 0x3f)];
  if (point < 0x10000) return [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
  return [0xf0 | (point >> 18), 0x80 | ((point >> 12) & 0x3f), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
}
