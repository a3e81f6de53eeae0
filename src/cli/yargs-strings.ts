/**
 * yargs words the failures it finds in English, for people; the CLI words them as argparse
 * does. So yargs is given these strings instead (updateStrings): each failure as its kind and
 * its values, joined by a control character, which `readYargsFailure` takes apart.
 */
const SEP = "\u0001";
const failure = (kind: string, values: number) => [SEP, kind, ...Array<string>(values).fill("%s")].join(SEP);
const both = (text: string) => ({ one: text, other: text });

export const YARGS_STRINGS = {
  "Not enough non-option arguments: got %s, need at least %s": both(failure("missing", 2)),
  "Unknown argument: %s": both(failure("unknown", 1)),
  "Missing required argument: %s": both(failure("required", 1)),
  "Not enough arguments following: %s": failure("value", 1),
  "Invalid values:": failure("choice", 0),
  "Argument: %s, Given: %s, Choices: %s": ["", "%s", "%s", "%s"].join(SEP),
};

/** A failure of yargs: its kind and values, or undefined for a message of ours. */
export function readYargsFailure(message: string): { kind: string; values: string[] } | undefined {
  if (!message.startsWith(SEP + SEP)) return undefined;
  const [kind, ...values] = message.slice(2).replace(/\n {2}/g, "").split(SEP);
  return { kind: kind!, values };
}
