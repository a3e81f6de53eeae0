"""Prints python-novaclient's command table as JSON: for each microversion given, every
command with its arguments as argparse holds them (the reference the CLI tests compare with)."""
import argparse
import json
import sys

from novaclient import api_versions
from novaclient import shell


def describe(action):
    return {
        "flags": list(action.option_strings),
        "dest": action.dest,
        "metavar": action.metavar if isinstance(action.metavar, (str, type(None))) else list(action.metavar),
        "nargs": action.nargs,
        "kind": type(action).__name__,
        "default": action.default if isinstance(action.default, (str, int, float, bool, type(None))) else repr(action.default),
        "choices": list(action.choices) if action.choices else None,
        "required": action.required,
        "help": action.help if action.help != argparse.SUPPRESS else None,
    }


def table(version):
    nova = shell.OpenStackComputeShell()
    nova.extensions = []
    parser = nova.get_subcommand_parser(api_versions.APIVersion(version), do_help=False, argv=[])
    out = {}
    for name, sub in sorted(nova.subcommands.items()):
        out[name] = {
            "help": sub.description or "",
            "args": [describe(a) for a in sub._actions if not isinstance(a, argparse._HelpAction)],
        }
    return out


print(json.dumps({v: table(v) for v in sys.argv[1:]}, indent=1))
