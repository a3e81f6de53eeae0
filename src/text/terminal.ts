/**
 * Shows the control characters of text escaped (\x1b), so that what a server sends (a fault
 * message, a name, a description) cannot drive the terminal: clear it, move the cursor, or
 * print a fake prompt. Newlines and tabs stay; `keep` names others a caller writes on purpose
 * (the \r of a progress line).
 */
export function escapeControls(text: string, keep = ""): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => (keep.includes(c) ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
}
