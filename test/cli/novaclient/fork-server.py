"""python-novaclient 18.1 (/usr/bin/nova), imported once and forked for each command line.

Importing novaclient takes about 2 s of the 2.5 s a `nova` run costs; the parity tests run it
hundreds of times. Each child is what /usr/bin/nova would be: the same main(), with its own
argv, environment, stdin, stdout and stderr, and the exit status Python gives `sys.exit(main())`.
What the import printed (nothing, on Debian's 18.1) is printed again by every child.

Protocol, one JSON object per line: on stdin {"argv", "env", "stdin" (text or null), "out",
"err"} (the files the child writes its stdout and stderr to); on stdout {"code"}.
"""

import atexit
import json
import os
import sys
import tempfile
import traceback

BASE_ENV = dict(os.environ)

with tempfile.TemporaryFile() as captured:
    saved = os.dup(2)
    os.dup2(captured.fileno(), 2)
    try:
        from novaclient.shell import main
        import novaclient.v2.client  # noqa: F401  (main imports it for every command)
        import novaclient.v2.shell  # noqa: F401
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
    captured.seek(0)
    PREAMBLE = captured.read()


def child(request):
    """Runs in the forked process; never returns."""
    stdin = os.open(os.devnull, os.O_RDONLY)
    if request["stdin"] is not None:
        with tempfile.TemporaryFile() as text:
            text.write(request["stdin"].encode())
            text.seek(0)
            stdin = os.dup(text.fileno())
    os.dup2(stdin, 0)
    os.dup2(os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
    os.dup2(os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
    sys.stdin = open(0, "r", encoding=sys.stdin.encoding, errors=sys.stdin.errors, closefd=False)
    os.write(2, PREAMBLE)
    os.environ.clear()
    os.environ.update({**BASE_ENV, **request["env"]})
    sys.argv = ["/usr/bin/nova", *request["argv"]]
    try:
        code = main(sys.argv[1:])
        raise SystemExit(code)
    except SystemExit as exit:
        if exit.code is None:
            status = 0
        elif isinstance(exit.code, int):
            status = exit.code
        else:
            print(exit.code, file=sys.stderr)
            status = 1
    except BaseException:
        traceback.print_exc()
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    os._exit(status & 0xFF)


for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        child(request)
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"code": os.waitstatus_to_exitcode(status)}), flush=True)
