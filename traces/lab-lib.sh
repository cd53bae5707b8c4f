# lab-lib.sh - helpers shared by make-traces.sh and make-lossy-traces.sh
# (sourced, not run). They use the sourcing script's PIDS array (the
# background processes its EXIT trap stops), SRV_PID, NAME, ALL_SCENARIOS,
# die() and note().

forget_pid() {  # forget_pid PID: the process ended; the trap need not stop it
    local keep=() p
    for p in "${PIDS[@]}"; do
        [[ $p == "$1" ]] || keep+=("$p")
    done
    PIDS=("${keep[@]}")
}

wait_for() {  # wait_for SECONDS COMMAND... : poll until COMMAND succeeds
    local limit=$(( $1 * 100 )) i=0
    shift
    until "$@"; do
        i=$(( i + 1 ))
        (( i < limit )) || return 1
        sleep 0.01
    done
}

server_wait() {  # the scenario's server (SRV_PID) must end well
    wait "$SRV_PID" || die "server failed in $NAME"
    forget_pid "$SRV_PID"
}

run_scenarios() {  # run_scenarios [NAME...]: the named scenarios, or ALL_SCENARIOS
    # Every name is checked before any runs; RAN holds the names run.
    RAN=("$@")
    if (( ${#RAN[@]} == 0 )); then
        RAN=("${ALL_SCENARIOS[@]}")
    fi
    local s
    for s in "${RAN[@]}"; do
        declare -F "scenario_$s" > /dev/null || die "unknown scenario $s"
    done
    for s in "${RAN[@]}"; do
        "scenario_$s"
    done
    note "done: ${RAN[*]}"
}
