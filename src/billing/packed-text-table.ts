import { IdIndex } from './id-index.js';
import { PackedTexts, type PackedParts } from './packed-texts.js';

/**
 * Texts stored once each and numbered in the order first seen, like `TextTable`, but as UTF-8 in one buffer
 * (`PackedTexts`) found through a hash of their bytes (`IdIndex`), for a table with millions of texts: the
 * case ids (the bench's months have about three entries a case, 3.3 million case ids at ten million
 * entries). As JS strings in a Map they were a quarter of a gigabyte of heap there that every full
 * collection walked, and went to the second thread as a copy (issue 14).
 */
export class PackedTextTable {
  private texts = new PackedTexts();
  /** Null over another thread's texts until a text is looked up: a table only read never needs it. */
  private index: IdIndex | null = new IdIndex(this.texts, 0);

  /** A table over another thread's shared texts (`share`), numbered as there. */
  static over(parts: PackedParts): PackedTextTable {
    const table = new PackedTextTable();
    table.texts = PackedTexts.over(parts);
    table.index = null;
    return table;
  }

  get size(): number {
    return this.texts.size;
  }

  text(n: number): string {
    return this.texts.text(n);
  }

  /** The texts as they lie, row n being text n (a record file copies them as bytes). */
  get packed(): PackedTexts {
    return this.texts;
  }

  /** The number of a text, or -1 when the table does not have it. */
  find(text: string): number {
    return this.indexed().find(text);
  }

  /** The number of the text whose UTF-8 bytes are `bytes[from] … bytes[to]`, or -1 when the table does not have it. */
  findBytes(bytes: Uint8Array, from: number, to: number): number {
    return this.indexed().findBytes(bytes, from, to);
  }

  number(text: string): number {
    const index = this.indexed();
    const known = index.find(text);
    if (known >= 0) return known;
    this.texts.push(text);
    index.add(this.texts.size - 1);
    return this.texts.size - 1;
  }

  /** The number of the text whose UTF-8 bytes are `bytes[from] … bytes[to]` (another table's, copied as they lie). */
  numberOfBytes(bytes: Uint8Array, from: number, to: number): number {
    const index = this.indexed();
    const known = index.findBytes(bytes, from, to);
    if (known >= 0) return known;
    this.texts.push(bytes.subarray(from, to));
    index.add(this.texts.size - 1);
    return this.texts.size - 1;
  }

  /** Every text's number in `other`, given as `other`'s parts (a piece of a log read on another thread). */
  numbersOf(other: PackedParts): Int32Array {
    const texts = PackedTexts.over(other);
    const numbers = new Int32Array(texts.size);
    for (let n = 0; n < texts.size; n++) numbers[n] = this.numberOfBytes(texts.bytes, texts.from(n), texts.to(n));
    return numbers;
  }

  /** Let go of room beyond the texts (`PackedTexts.compact`). */
  compact(): void {
    this.texts.compact();
  }

  /** The texts as views of their shared memory (`over` on another thread). */
  share(): PackedParts {
    return this.texts.share();
  }

  /** The texts as plain arrays of their own, to transfer. */
  parts(): PackedParts {
    return this.texts.parts();
  }

  private indexed(): IdIndex {
    if (this.index === null) {
      this.index = new IdIndex(this.texts, this.texts.size);
      for (let n = 0; n < this.texts.size; n++) this.index.add(n);
    }
    return this.index;
  }
}
