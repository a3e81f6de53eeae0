import { commands } from "../../generated/commands.js";
import { type ApiVersion, inRange, parseVersion } from "../core/version.js";

/** The commands of the CLI itself (no operation behind them): their yargs command lines and help. */
export const BUILTINS: Record<string, string> = {
  "help [command]": "Display help about this program or one of its subcommands.",
  "bash-completion": "Prints all of the commands and options to stdout so that the nova.bash_completion script doesn't have to hard code them.",
  "completion <shell>": "Print a shell completion script (bash or zsh) that completes commands and options without asking a cloud.",
};

/** Every command name: the spec's and the built-in ones, each once, sorted. */
export function commandNames(): string[] {
  return [...new Set([...commands.map((c) => c.name), ...Object.keys(BUILTINS).map((line) => line.split(" ")[0]!)])].sort();
}

/**
 * A command's option words (-h and --help, every option and its aliases, -x for one letter),
 * over all its variants, or only those that exist at `version`.
 */
function optionWords(name: string, version?: ApiVersion): string[] {
  const words = new Set(["-h", "--help"]);
  const at = (x: { "min-version"?: string; "max-version"?: string }) => !version || inRange(version, x["min-version"] ?? "2.1", x["max-version"]);
  for (const c of commands.filter((d) => d.name === name && (!version || inRange(version, d.min, d.max)))) {
    for (const arg of [...c.args.filter((a) => a.option), ...c.options].filter(at)) {
      for (const n of [arg.name, ...(arg.aliases ?? [])]) words.add(n.length === 1 ? `-${n}` : `--${n}`);
      if (arg.negatable) words.add(`--no-${arg.name}`);
    }
  }
  return [...words].sort();
}

/**
 * bash-completion: python-novaclient's word list for its nova.bash_completion script, every
 * command and the options its parser has at the version it builds it for without a cloud, its
 * newest (2.92). `nova completion` offers every version's options instead.
 */
export function completionWords(): string {
  const names = commandNames().filter((n) => n !== "bash-completion" && n !== "completion");
  const newest = parseVersion("2.92");
  return [...new Set([...names, ...names.flatMap((n) => optionWords(n, newest))])].join(" ");
}

/**
 * `nova completion bash|zsh`: a script that completes command names, global options and each
 * command's options from words written into it, so a Tab never starts nova or asks a cloud
 * (no names of flavors, images or servers). zsh runs the same function through bashcompinit.
 */
export function completionScript(shell: string, globals: readonly string[]): string | undefined {
  if (shell !== "bash" && shell !== "zsh") return undefined;
  const cases = commandNames()
    .map((name) => `    ${name}) words="${optionWords(name).join(" ")}" ;;`)
    .join("\n");
  const body = `_nova() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" command="" words="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      -*) ;;
      *) command="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$command" in
    "") words="${[...commandNames(), ...globals].join(" ")}" ;;
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _nova nova
`;
  return shell === "zsh" ? `#compdef nova\nautoload -U +X bashcompinit && bashcompinit\n${body}` : body;
}
