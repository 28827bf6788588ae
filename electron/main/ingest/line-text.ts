// How a transcript parser reads the strings of one line. The line reader hands a line over as its bytes, one char
// per byte (latin1), which costs a tenth of decoding it as UTF-8: JSON's structure is ASCII and no byte of a
// multi-byte UTF-8 character is, so JSON.parse reads the byte string exactly as it would the text, only its strings
// come out as bytes. The parsers then decode just the few strings they keep (ids, names, prompts), never the
// tool results and messages that are most of a transcript's bytes.

/** The strings of one parsed line. */
export interface LineText {
  /** A string value of the line, as text. */
  text(value: string): string;
  /** The UTF-8 size in bytes of a string value of the line. */
  bytes(value: string): number;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** A line that is text already (tests, and a line whose escapes a byte string could not tell from raw bytes). */
export const DECODED_LINE: LineText = {
  text: (value) => value,
  bytes: (value) => Buffer.byteLength(value, 'utf8'),
};

/** A line of ASCII bytes: its byte string is its text. */
export const ASCII_LINE: LineText = {
  text: (value) => value,
  bytes: (value) => value.length,
};

/** A line of UTF-8 bytes with a char per byte. */
export const UTF8_BYTES_LINE: LineText = {
  text: (value) => (NON_ASCII.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value),
  bytes: (value) => value.length,
};

/**
 * Whether a byte string holds a `\u` escape of a non-ASCII character: parsed as bytes, that character could not be
 * told from a raw byte, so such a line is decoded whole. An escaped backslash before a `u` may also answer yes,
 * which costs only the slower path.
 */
export function hasWideEscape(line: string): boolean {
  for (let i = line.indexOf('\\u'); i !== -1; i = line.indexOf('\\u', i + 2)) {
    if (Number.parseInt(line.slice(i + 2, i + 6), 16) >= 0x80) return true;
  }
  return false;
}

/** Decodes a byte string (a char per byte) as UTF-8. */
export const decodeUtf8Bytes = (bytes: string): string => Buffer.from(bytes, 'latin1').toString('utf8');
