#!/usr/bin/env bash
# nova-ts's real cloud (npm run real-cloud:down): stop what up.sh started, by the process ids it
# recorded in $REAL_CLOUD_DIR/run (each daemon runs in its own session, so its whole process
# group is stopped). `down.sh --wipe` also deletes the data. Safe to run when nothing runs.
# The fake virt driver keeps servers in memory: servers created before a down/up are gone
# from the hypervisor afterwards; start from `--wipe` when that matters.
RC=${REAL_CLOUD_DIR:-/tmp/real-cloud}
[ -d "$RC/run" ] || exit 0
rabbitmqctl --node rabbit@localhost stop >/dev/null 2>&1 || true
pids=()
for f in "$RC"/run/*.pid; do
  [ -f "$f" ] || continue
  pid=$(cat "$f"); pids+=("$pid")
  kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  rm -f "$f"
done
for _ in $(seq 1 20); do   # wait up to 10 s for every process group to exit
  alive=0; for pid in "${pids[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break; sleep 0.5
done
for pid in "${pids[@]}"; do kill -9 -- "-$pid" 2>/dev/null || true; done   # neutron-server can hang on TERM
epmd -kill >/dev/null 2>&1 || true
[ "${1:-}" = "--wipe" ] && rm -rf "$RC"
exit 0
