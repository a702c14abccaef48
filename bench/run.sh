#!/usr/bin/env bash
# Times the installed dotnet-mcuboot as a whole process (start-up included), as a firmware build runs it.
# Usage: bench/run.sh [runs]   (default 15 runs per scenario). Needs GNU time (/usr/bin/time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/mcuboot-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
version="0.0.0-bench.$(date +%s)"

echo "packing McuBoot.Tool $version ..."
dotnet pack src/McuBoot.Tool/McuBoot.Tool.csproj -c Release -o "$work/feed" -p:Version="$version" -p:ArtifactsPath="$work/artifacts" >/dev/null
dotnet tool install McuBoot.Tool --tool-path "$work/tools" --add-source "$work/feed" --version "$version" >/dev/null
tool="$work/tools/dotnet-mcuboot"

"$tool" keygen -k "$work/p256.pem" -t ecdsa-p256
"$tool" keygen -k "$work/x25519.pem" -t x25519
head -c $((1024 * 1024)) /dev/urandom > "$work/fw-1m.bin"
head -c $((16 * 1024 * 1024)) /dev/urandom > "$work/fw-16m.bin"

# median and max of a column of numbers
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
maxof() { sort -n | tail -n 1; }

scenario() {
  local name=$1; shift
  : > "$work/times"
  "$@" >/dev/null 2>&1 # warm the disk cache
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/one" "$@" >/dev/null
    cat "$work/one" >> "$work/times"
  done
  local med peak
  med=$(awk '{print $1 * 1000}' "$work/times" | median)
  peak=$(awk '{print $2 / 1024}' "$work/times" | maxof)
  printf '%-48s median %6.0f ms   peak %6.1f MB   (%d runs)\n' "$name" "$med" "$peak" "$runs"
}

scenario "version (start-up only)" "$tool" version
scenario "sign ECDSA-P256, 1 MiB -> .bin" "$tool" sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x200000 "$work/fw-1m.bin" "$work/out-1m.bin"
scenario "sign ECDSA-P256, 16 MiB -> .hex" "$tool" sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 -x 0x10000000 "$work/fw-16m.bin" "$work/out-16m.hex"
scenario "sign ECDSA-P256, 16 MiB -> .hex --pad --confirm" "$tool" sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 -x 0x10000000 --confirm "$work/fw-16m.bin" "$work/out-16m-c.hex"
scenario "sign+encrypt X25519, 16 MiB -> .bin" "$tool" sign -k "$work/p256.pem" -E "$work/x25519.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 "$work/fw-16m.bin" "$work/out-16m-enc.bin"
scenario "verify ECDSA-P256, 16 MiB .hex" "$tool" verify -k "$work/p256.pem" "$work/out-16m.hex"
