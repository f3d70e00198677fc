/*
 * One text per row (an entry's id, its description) as UTF-8 bytes in one shared buffer, row n's bytes from
 * `starts[n]` to `starts[n + 1]` (issue 14): ten million ids as JS strings are ten million heap objects that
 * every full collection walks, and a table's texts in this form go to another thread as two buffers.
 */

/** Packed texts as plain, transferable arrays, sized to their rows. */
export interface PackedParts {
  bytes: Uint8Array;
  starts: Uint32Array;
}

/** Room beyond the texts that `compact` leaves as it is (copying to give it back would cost more). */
const SLACK = 1.125;

/** The most bytes a table's texts may take: what a Uint32 offset reaches (and about what a Buffer may hold). */
const MAX_BYTES = 2 ** 32 - 1;

export class PackedTexts {
  // In shared memory, like the table's columns (EntryTable.share).
  private buffer: Buffer = sharedBytes(1 << 16);
  private end = 0;
  /** Where each row's text starts; the next one's start is where it ends (a Buffer holds at most 4 GiB). */
  private starts = sharedStarts(1025);
  private count = 0;

  /** Texts over another thread's shared parts (`share`), read only. */
  static over(parts: PackedParts): PackedTexts {
    const texts = new PackedTexts();
    texts.buffer = Buffer.from(parts.bytes.buffer, parts.bytes.byteOffset, parts.bytes.byteLength);
    texts.starts = parts.starts;
    texts.count = parts.starts.length - 1;
    texts.end = parts.starts[texts.count]!;
    return texts;
  }

  /** The texts as views of their shared memory (nothing copied). */
  share(): PackedParts {
    return { bytes: this.buffer.subarray(0, this.end), starts: this.starts.subarray(0, this.count + 1) };
  }

  get size(): number {
    return this.count;
  }

  /** The bytes every row's text lies in (`from` and `to` say where); replaced when it grows. */
  get bytes(): Buffer {
    return this.buffer;
  }

  from(row: number): number {
    return this.starts[row]!;
  }

  to(row: number): number {
    return this.starts[row + 1]!;
  }

  text(row: number): string {
    return this.buffer.toString('utf8', this.starts[row]!, this.starts[row + 1]!);
  }

  /** Add the next row's text, given as text or as its UTF-8 bytes (a record read back, copied as it lies). */
  push(text: string | Uint8Array): void {
    const most = typeof text === 'string' ? text.length * 3 : text.length;
    this.room(most, 1);
    if (typeof text === 'string') this.end += this.buffer.write(text, this.end, 'utf8');
    else {
      this.buffer.set(text, this.end);
      this.end += text.length;
    }
    this.starts[++this.count] = this.end;
  }

  /** Add every row of `parts` at once (a piece of a log read on another thread). */
  append(parts: PackedParts): void {
    const rows = parts.starts.length - 1;
    const base = this.end - parts.starts[0]!;
    this.room(parts.bytes.length, rows);
    this.buffer.set(parts.bytes, this.end);
    this.end += parts.bytes.length;
    for (let row = 1; row <= rows; row++) this.starts[this.count + row] = parts.starts[row]! + base;
    this.count += rows;
  }

  /** Forget the rows from `size` on. */
  truncate(size: number): void {
    if (size >= this.count) return;
    this.count = size;
    this.end = this.starts[size]!;
  }

  parts(): PackedParts {
    return { bytes: new Uint8Array(this.buffer.subarray(0, this.end)), starts: this.starts.slice(0, this.count + 1) };
  }

  /**
   * Make room for `rows` more rows of `bytes` more bytes in all, at once: a caller that knows how much is
   * coming (a log's size) spares the copies and the twice-too-large buffers of growing by doubling.
   */
  reserve(bytes: number, rows: number): void {
    this.room(bytes, rows, 1);
  }

  /** Let go of the room beyond the rows held when it is more than an eighth (once a table is read whole). */
  compact(): void {
    if (this.buffer.length > this.end * SLACK) {
      const exact = sharedBytes(this.end);
      this.buffer.copy(exact, 0, 0, this.end);
      this.buffer = exact;
    }
    if (this.starts.length > (this.count + 1) * SLACK) {
      const exact = sharedStarts(this.count + 1);
      exact.set(this.starts.subarray(0, this.count + 1));
      this.starts = exact;
    }
  }

  private room(bytes: number, rows: number, factor = 2): void {
    if (this.end + bytes > this.buffer.length) {
      const size = Math.min(MAX_BYTES, Math.max(Math.ceil(this.buffer.length * factor), this.end + bytes));
      if (this.end + bytes > size) throw new RangeError(`more than ${MAX_BYTES} bytes of text in one table`);
      const larger = sharedBytes(size);
      this.buffer.copy(larger, 0, 0, this.end);
      this.buffer = larger;
    }
    if (this.count + rows + 1 > this.starts.length) {
      const larger = sharedStarts(Math.max(Math.ceil(this.starts.length * factor), this.count + rows + 1));
      larger.set(this.starts.subarray(0, this.count + 1));
      this.starts = larger;
    }
  }
}

function sharedBytes(size: number): Buffer {
  return Buffer.from(new SharedArrayBuffer(size));
}

function sharedStarts(size: number): Uint32Array {
  return new Uint32Array(new SharedArrayBuffer(size * 4));
}
