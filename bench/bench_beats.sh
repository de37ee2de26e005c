#!/usr/bin/env bash
# Wall-time benchmark of `mirlo-cli beats` and `mirlo-cli onsets --method rnn`
# (madmom's networks + DBN in C++) against aubio's command-line tools on the
# same 5-minute 44.1 kHz track, with madmom's own times scaled to 5 minutes.
#
#   bench/bench_beats.sh [MIRLO_CLI] [RUNS] [FILE]
#
# MIRLO_CLI defaults to build/app/mirlo-cli; RUNS (default 3) runs per tool in
# rotation after one warm-up, best time reported (least disturbed by other
# processes), median too. FILE defaults to a 16-bit WAV made once (cached in
# $MIRLO_BENCH_CACHE, default /tmp/mirlo-bench) from shared/data/beats/*.ogg,
# the same file bench_spectrogram.sh uses. A measurement, not a test: exit 0
# unless a tool fails.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cli="${1:-$root/build/app/mirlo-cli}"
runs="${2:-3}"
data="${MIRLO_SHARED_DATA:-$root/../shared/data}"
cache="${MIRLO_BENCH_CACHE:-/tmp/mirlo-bench}"
input="${3:-$cache/music_5min_44k_stereo.wav}"

die() { echo "bench_beats: $*" >&2; exit 1; }
for tool in ffmpeg awk aubiotrack aubioonset; do
    command -v "$tool" >/dev/null || die "$tool is not installed (apt-get install -y aubio-tools ffmpeg)"
done
[ -x "$cli" ] || die "mirlo-cli not found at $cli (build it or pass its path)"
mkdir -p "$cache" || die "cannot create $cache"

if [ ! -s "$input" ]; then
    [ -z "${3:-}" ] || die "$input does not exist"
    shopt -s nullglob
    songs=("$data"/beats/*.ogg)
    [ "${#songs[@]}" -gt 0 ] || die "no beats/*.ogg under $data"
    # The 60 s excerpts twice over, as one 300 s 16-bit stereo WAV.
    args=() n=0
    for pass in 1 2; do
        for s in "${songs[@]}"; do args+=(-i "$s"); n=$((n + 1)); done
    done
    labels=""
    for ((i = 0; i < n; i++)); do labels+="[$i:a]"; done
    echo "making $input (once) ..."
    ffmpeg -nostdin -hide_banner -loglevel error "${args[@]}" \
        -filter_complex "${labels}concat=n=$n:v=0:a=1[out]" -map "[out]" \
        -t 300 -ar 44100 -ac 2 -c:a pcm_s16le -y "$input.tmp.wav" || die "ffmpeg could not make the input"
    mv "$input.tmp.wav" "$input"
fi
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$input") || die "ffprobe failed on $input"

# "wall_us cpu_us" of one run of "$@" (stdout to $cache/last_out; CPU = user + sys
# of the process and its threads); fails if the command fails.
time_us() {
    local TIMEFORMAT='%R %U %S' real user sys
    { time "$@" >"$cache/last_out" 2>"$cache/last_stderr"; } 2>"$cache/last_time" ||
        { cat "$cache/last_stderr" >&2; return 1; }
    read -r real user sys <"$cache/last_time"
    awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { printf "%d %d\n", r * 1e6, (u + s) * 1e6 }'
}

# best / median in seconds of a list of microsecond times.
stats() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.3f %.3f\n", v[1] / 1e6, m / 1e6 }'
}

names=("mirlo-cli beats FILE" "mirlo-cli onsets --method rnn FILE" "aubiotrack -i FILE" "aubioonset -i FILE")
cmds=("$cli beats $input" "$cli onsets --method rnn $input" "aubiotrack -i $input" "aubioonset -i $input")
counts=()
for c in "${cmds[@]}"; do # warm-up (page cache, loader) + event counts
    $c >"$cache/last_out" 2>"$cache/last_stderr" || { cat "$cache/last_stderr" >&2; die "failed: $c"; }
    counts+=("$(grep -c . "$cache/last_out")")
done
declare -a times0 times1 times2 times3 cpu0 cpu1 cpu2 cpu3
for ((r = 0; r < runs; r++)); do
    for k in 0 1 2 3; do
        read -r w c < <(time_us ${cmds[$k]}) || die "failed: ${cmds[$k]}"
        [ -n "${w:-}" ] || die "failed: ${cmds[$k]}"
        eval "times$k+=($w); cpu$k+=($c)"
    done
done
read -r b0 m0 < <(stats "${times0[@]}")
read -r b1 m1 < <(stats "${times1[@]}")
read -r b2 m2 < <(stats "${times2[@]}")
read -r b3 m3 < <(stats "${times3[@]}")
read -r c0 _ < <(stats "${cpu0[@]}")
read -r c1 _ < <(stats "${cpu1[@]}")
read -r c2 _ < <(stats "${cpu2[@]}")
read -r c3 _ < <(stats "${cpu3[@]}")

echo
echo "input: $input (${duration%.*} s), $runs runs each, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-40s %8s %8s %8s %8s\n' "command" "best s" "median s" "CPU s" "events"
printf '%-40s %8s %8s %8s %8s\n' "${names[0]}" "$b0" "$m0" "$c0" "${counts[0]}"
printf '%-40s %8s %8s %8s %8s\n' "${names[1]}" "$b1" "$m1" "$c1" "${counts[1]}"
printf '%-40s %8s %8s %8s %8s\n' "${names[2]}" "$b2" "$m2" "$c2" "${counts[2]}"
printf '%-40s %8s %8s %8s %8s\n' "${names[3]}" "$b3" "$m3" "$c3" "${counts[3]}"
echo "(CPU s = least user + sys over the runs; with other jobs on the 2 cores the wall time of the"
echo " multi-threaded mirlo-cli suffers more than the single-threaded aubio tools)"
echo
# madmom (models README, same kind of 2-core machine): DBNBeatTracker 33.9 s and
# OnsetDetector 11.7 s for a 206.2 s song; scaled linearly to this file's length.
awk -v b="$b0" -v o="$b1" -v at="$b2" -v ao="$b3" -v d="$duration" 'BEGIN {
    mb = 33.9 * d / 206.2; mo = 11.7 * d / 206.2
    printf "beats:       %.3f s (goal <= 2 s: %s), %.1fx the time of aubiotrack, %.1fx faster than madmom (%.1f s scaled to %.0f s)\n",
        b, (b <= 2 ? "met" : "MISSED"), b / at, mb / b, mb, d
    printf "onsets rnn:  %.3f s (goal <= 1 s: %s), %.1fx the time of aubioonset, %.1fx faster than madmom (%.1f s scaled to %.0f s)\n",
        o, (o <= 1 ? "met" : "MISSED"), o / ao, mo / o, mo, d
}'
exit 0
