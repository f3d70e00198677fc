import { groupThousands } from './format.js';

/*
 * Text from the data (descriptions, names, ids) is pasted by people and may hold anything: escape sequences
 * that clear the screen or set the window title, C1 controls, Unicode bidirectional overrides that show text
 * in another order than it is stored ("Trojan Source"), or a whole pasted document. On the terminal and in the
 * `.txt` statements such characters are shown visibly (`\x1b`, `\u202e`) and a long field is shortened; the
 * CSV and JSON files keep the data exactly as read (issue 13).
 */

/**
 * Characters never shown raw: C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional
 * formatting characters (embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, the marks U+200E,
 * U+200F and U+061C).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const HIDDEN_CHARACTER = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HIDDEN_CHARACTERS = new RegExp(HIDDEN_CHARACTER.source, 'g');

/** A data field's characters on screen, with hidden characters spelled out: ESC as `\x1b`, U+202E as `\u202e`. */
export function showHidden(text: string): string {
  if (!HIDDEN_CHARACTER.test(text)) return text;
  return text.replace(HIDDEN_CHARACTERS, spellOut);
}

/** `\xHH` for a character below U+0100, `\uHHHH` above. */
export function spellOut(character: string): string {
  const code = character.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The longest a data field is shown on screen or in a `.txt` statement, in characters. */
export const FIELD_SHOWN = 500;

/**
 * A data field as the terminal and the `.txt` statements show it: hidden characters spelled out, and beyond
 * `FIELD_SHOWN` characters cut, saying how much is left out and where it is whole (`wholeIn`, e.g. "lines.csv").
 */
export function fieldOnScreen(text: string, wholeIn?: string): string {
  if (text.length <= FIELD_SHOWN) return showHidden(text);
  // Never cut a surrogate pair in two.
  let cut = FIELD_SHOWN;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  const more = text.length - cut;
  return `${showHidden(text.slice(0, cut))}… (${groupThousands(more)} more characters${wholeIn ? ` in ${wholeIn}` : ''})`;
}

/**
 * JSON text with the hidden characters that JSON.stringify leaves raw (DEL, C1, bidirectional formatting)
 * written as `\u` escapes: the same data for any JSON reader, and nothing raw on a terminal. JSON text may be
 * cut anywhere between characters before this is applied (the characters only occur inside strings).
 */
export function escapeHiddenInJson(json: string): string {
  if (!HIDDEN_CHARACTER.test(json)) return json;
  return json.replace(HIDDEN_CHARACTERS, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
