#!/usr/bin/env bash
# Client-side instructions per call, counted by callgrind: the facade vs the hand-written client.
#
#   bash benches/callcount.sh [N] [INFLIGHT]      (defaults: N=1000, INFLIGHT=1)
#
# Then each client/operation runs N calls natively, once, and prints its allocations per call
# (the binary's counting global allocator).
#
# Clients: `baseline` (hand-written reqwest + serde_json), `baseline-timeout` (the same with
# reqwest's per-request timeout, which the facade sets on every attempt) and `sdk` (the facade).
#
# The loopback server runs in a process of its own (`callcount serve`), so callgrind, which runs
# only the client process, counts no server instruction. Each client/operation is run twice under
# callgrind, with -n N and with -n 0 (both after INFLIGHT warm-up calls, which open the
# connections); the difference divided by N is the steady-state cost of one call, without
# start-up, TLS set-up, connecting or the warm-up. Counts repeat to within a few instructions per
# call from run to run.
set -euo pipefail

N="${1:-1000}"
INFLIGHT="${2:-1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

cargo build --release -p paynet-benches --bin callcount >&2
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/callcount"
WORK="$(mktemp -d)"

"$BIN" serve --secs 900 >"$WORK/addr" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do [ -s "$WORK/addr" ] && break; sleep 0.1; done
ADDR="$(cat "$WORK/addr")"

# Instructions (callgrind's "Collected" total) of one client run.
count() {
    valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" \
        "$BIN" --addr "$ADDR" --inflight "$INFLIGHT" "$@" 2>"$WORK/cg.err" >/dev/null
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/cg.err"
}

printf '%-17s %-9s %12s %12s %12s\n' client op "Ir(n=$N)" "Ir(n=0)" "Ir per call"
declare -A PER
for op in init-sale capture; do
    for client in baseline baseline-timeout sdk; do
        full=$(count --client "$client" --op "$op" -n "$N")
        base=$(count --client "$client" --op "$op" -n 0)
        per=$(( (full - base) / N ))
        PER["$client/$op"]=$per
        printf '%-17s %-9s %12d %12d %12d\n' "$client" "$op" "$full" "$base" "$per"
    done
done
echo
printf '%-17s %-9s %16s %18s\n' client op "allocs per call" "reallocs per call"
declare -A ALLOC
for op in init-sale capture; do
    for client in baseline baseline-timeout sdk; do
        line=$("$BIN" --addr "$ADDR" --inflight "$INFLIGHT" --client "$client" --op "$op" -n "$N")
        allocs=$(sed -n 's/.* allocs_per_call=\([0-9]*\).*/\1/p' <<<"$line")
        reallocs=$(sed -n 's/.*reallocs_per_call=\([0-9]*\).*/\1/p' <<<"$line")
        ALLOC["$client/$op"]=$allocs
        printf '%-17s %-9s %16d %18d\n' "$client" "$op" "$allocs" "$reallocs"
    done
done
echo
for op in init-sale capture; do
    awk -v op="$op" -v s="${PER[sdk/$op]}" -v b="${PER[baseline/$op]}" \
        -v t="${PER[baseline-timeout/$op]}" \
        -v sa="${ALLOC[sdk/$op]}" -v ba="${ALLOC[baseline/$op]}" \
        'BEGIN { printf "facade / hand-written, %s: %.3f (with the same timeout: %.3f); allocations %d vs %d\n", op, s / b, s / t, sa, ba }'
done
