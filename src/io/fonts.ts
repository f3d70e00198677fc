import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PdfFonts } from '../formats/statement-document.js';

/**
 * The statement documents' fonts: DejaVu Sans Condensed from the `dejavu-fonts-ttf` package, installed with the
 * tool (nothing is downloaded at run time). It has every Czech letter, and its narrow widths fit the work
 * table's columns. Read once per process.
 */
let fonts: PdfFonts | null = null;

export function statementFonts(): PdfFonts {
  if (fonts === null) {
    const folder = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const font = (name: string) => withoutGlyphNames(withoutTables(readFileSync(join(folder, name)), SHAPING_TABLES));
    fonts = { regular: font('DejaVuSansCondensed.ttf'), bold: font('DejaVuSansCondensed-Bold.ttf') };
  }
  return fonts;
}

/**
 * Tables a statement does without. pdfkit parses a font's shaping tables anew for every document: for these
 * fonts 25-30 ms a document, most of what a short statement costs (bench/RESULTS.md). Czech text needs none of
 * them: its letters are single precomposed glyphs (the renderer writes text in NFC), with no ligatures or
 * marks to place. What is lost is kerning, which a table of dates and amounts does not miss.
 */
const SHAPING_TABLES = ['GSUB', 'GPOS', 'GDEF', 'kern', 'MATH'];

/**
 * A TrueType file without some of its tables: the same sfnt directory with those entries left out and the
 * other tables copied as they are (each at a 4-byte boundary, as the format asks).
 */
export function withoutTables(font: Uint8Array, drop: readonly string[]): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const tag = (at: number) => String.fromCharCode(font[at]!, font[at + 1]!, font[at + 2]!, font[at + 3]!);
  const kept: { record: number; offset: number; length: number }[] = [];
  for (let i = 0; i < view.getUint16(4); i++) {
    const record = 12 + 16 * i;
    if (!drop.includes(tag(record))) kept.push({ record, offset: view.getUint32(record + 8), length: view.getUint32(record + 12) });
  }
  const directory = 12 + 16 * kept.length;
  const out = new Uint8Array(kept.reduce((size, table) => size + ((table.length + 3) & ~3), directory));
  const write = new DataView(out.buffer);
  out.set(font.subarray(0, 4)); // the sfnt version
  let power = 1;
  let log2 = 0;
  while (power * 2 <= kept.length) [power, log2] = [power * 2, log2 + 1];
  write.setUint16(4, kept.length);
  write.setUint16(6, power * 16);
  write.setUint16(8, log2);
  write.setUint16(10, kept.length * 16 - power * 16);
  let at = directory;
  kept.forEach((table, i) => {
    const record = 12 + 16 * i;
    out.set(font.subarray(table.record, table.record + 8), record); // tag and checksum
    write.setUint32(record + 8, at);
    write.setUint32(record + 12, table.length);
    out.set(font.subarray(table.offset, table.offset + table.length), at);
    at += (table.length + 3) & ~3;
  });
  return out;
}

/**
 * The font with its `post` table in format 3, which names no glyphs: pdfkit decodes the table for the italic
 * angle in every document, and DejaVu's 62 KB of glyph names were a third of a short statement's time. A PDF
 * refers to glyphs by number, so nothing on the page changes.
 */
export function withoutGlyphNames(font: Uint8Array): Uint8Array {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  for (let i = 0; i < view.getUint16(4); i++) {
    const record = 12 + 16 * i;
    if (String.fromCharCode(...font.subarray(record, record + 4)) !== 'post') continue;
    const offset = view.getUint32(record + 8);
    if (view.getUint32(record + 12) <= 32) return font;
    const out = font.slice();
    const write = new DataView(out.buffer);
    write.setUint32(offset, 0x00030000); // version 3.0: the 32-byte header only
    write.setUint32(record + 12, 32);
    return out;
  }
  return font;
}
