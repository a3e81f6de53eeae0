/**
 * Python's textwrap.fill(text, width) with TextWrapper's defaults (tabs expanded, whitespace
 * made spaces, long words broken, breaks after hyphens), because `nova show --wrap N` prints
 * its cells through it and the lines must break where python-novaclient breaks them. Lengths
 * are in code points, as Python's len().
 */

const WS = "[\\t\\n\\x0b\\x0c\\r ]";
const NOT_WS = "[^\\t\\n\\x0b\\x0c\\r ]";
// Python's \w (letters, numbers, "_"); its "letter" is \w without decimal digits.
const WORD = "[\\p{L}\\p{N}_]";
const LETTER = "[\\p{L}\\p{Nl}\\p{No}_]";
const WORD_PUNCT = "[\\p{L}\\p{N}_!\"'&.,?]";

/** TextWrapper.wordsep_re: whitespace runs, em-dashes, and words split after their hyphens. */
const WORDSEP = new RegExp(
  `(${WS}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD})` +
    `|${NOT_WS}+?(?:-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})|(?=${WS}|$)|(?<=${WORD_PUNCT})(?=-{2,}${WORD})))`,
  "u",
);

const length = (text: string) => [...text].length;
const isBlank = (chunk: string) => chunk.trim() === "";

/** str.expandtabs(8), then every whitespace character of _whitespace as a space. */
function munge(text: string): string {
  let column = 0;
  let out = "";
  for (const ch of text) {
    if (ch === "\t") {
      const spaces = 8 - (column % 8);
      out += " ".repeat(spaces);
      column += spaces;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out.replace(/[\t\n\x0b\x0c\r]/g, " ");
}

/** TextWrapper.wrap: the lines, greedily filled. */
export function wrap(text: string, width: number): string[] {
  const chunks = munge(text)
    .split(WORDSEP)
    .filter((c) => c !== "")
    .reverse();
  const lines: string[] = [];
  while (chunks.length > 0) {
    const line: string[] = [];
    let used = 0;
    if (lines.length > 0 && isBlank(chunks[chunks.length - 1]!)) chunks.pop();
    while (chunks.length > 0 && used + length(chunks[chunks.length - 1]!) <= width) {
      const chunk = chunks.pop()!;
      line.push(chunk);
      used += length(chunk);
    }
    if (chunks.length > 0 && length(chunks[chunks.length - 1]!) > width) {
      // _handle_long_word: as much as fits, ending after a hyphen when there is one.
      const chars = [...chunks[chunks.length - 1]!];
      const room = width - used;
      let end = room;
      if (chars.length > room) {
        const hyphen = chars.slice(0, room).lastIndexOf("-");
        if (hyphen > 0 && chars.slice(0, hyphen).some((c) => c !== "-")) end = hyphen + 1;
      }
      line.push(chars.slice(0, end).join(""));
      chunks[chunks.length - 1] = chars.slice(end).join("");
    }
    if (line.length > 0 && isBlank(line[line.length - 1]!)) line.pop();
    if (line.length > 0) lines.push(line.join(""));
  }
  return lines;
}

/** textwrap.fill: the wrapped lines joined by newlines. */
export const fill = (text: string, width: number): string => wrap(text, width).join("\n");
