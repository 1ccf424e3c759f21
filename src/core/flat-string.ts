/**
 * V8 keeps a string made by concatenation (template literals included) as a tree of its pieces, which for
 * a sentence of a dozen pieces costs several times the text itself. A copy through JSON is one flat string
 * with exactly the same code units (lone surrogates included); reading a character, which flattens a tree
 * in place in small tests, left the plan's reasons as trees. For strings a large run keeps once per case
 * (case ids, reasons, summaries).
 */
export function flatString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
