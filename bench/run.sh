#!/usr/bin/env bash
# Times dotnet-mcuboot as a whole process (start-up included), as a firmware build runs it, alternating in one run
# with a reference command where one is given, and prints medians (wall and CPU), ratios and peak RSS.
#
# Usage: bench/run.sh [--runs N] [--tool PATH] [--imgtool CMD]
#   --runs N       runs per command and scenario (default 15)
#   --tool PATH    the dotnet-mcuboot to time (e.g. artifacts/publish/aot/dotnet-mcuboot); default: pack this
#                  repository and `dotnet tool install` it from the local feed (the Native AOT package on linux-x64)
#   --imgtool CMD  time imgtool (e.g. "imgtool" or "python3 -m imgtool.main") against the tool in the sign scenarios
# Issue 11 targets (Native AOT linux-x64): version <= 10 ms; sign 1 MiB -> .bin <= 20 ms and <= 25 MB; sign 16 MiB ->
# .hex <= 120 ms and <= 60 MB; verify 16 MiB .bin <= 1.3x sha256sum of the same file.
# Verify is timed against `sha256sum` of the same file. Needs python3 and GNU time (/usr/bin/time) for peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=15 tool="" imgtool=""
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --tool) tool=$(realpath "$2"); shift 2 ;;
    --imgtool) imgtool=$2; shift 2 ;;
    *) echo "usage: bench/run.sh [--runs N] [--tool PATH] [--imgtool CMD]" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d "${TMPDIR:-/tmp}/mcuboot-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ -z "$tool" ]; then
  version="0.0.0-bench.$(date +%s)"
  echo "packing McuBoot.Tool $version ..."
  dotnet pack src/McuBoot.Tool/McuBoot.Tool.csproj -c Release -o "$work/feed" -p:Version="$version" -p:ArtifactsPath="$work/artifacts" >/dev/null
  # The Native AOT package of this platform is made by a RID-specific pack (it replaces the IL one of the plain pack).
  if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
    dotnet pack src/McuBoot.Tool/McuBoot.Tool.csproj -c Release -r linux-x64 -o "$work/feed" -p:Version="$version" -p:ArtifactsPath="$work/artifacts" >/dev/null
  fi
  dotnet tool install McuBoot.Tool --tool-path "$work/tools" --add-source "$work/feed" --version "$version" >/dev/null
  tool="$work/tools/dotnet-mcuboot"
fi
echo "tool: $tool ($(file -b "$(realpath "$tool")" | cut -d, -f1-2)); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

"$tool" keygen -k "$work/p256.pem" -t ecdsa-p256
"$tool" keygen -k "$work/x25519.pem" -t x25519
head -c $((1024 * 1024)) /dev/urandom > "$work/fw-1m.bin"
head -c $((16 * 1024 * 1024)) /dev/urandom > "$work/fw-16m.bin"
"$tool" sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 "$work/fw-16m.bin" "$work/signed-16m.bin"
"$tool" sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 -x 0x10000000 "$work/fw-16m.bin" "$work/signed-16m.hex"

compare() { python3 bench/compare.py "$@"; }
# with_imgtool NAME -- TOOL-ARGS: times the tool, against imgtool with the same arguments when --imgtool is given
with_imgtool() {
  local name=$1; shift 2
  if [ -n "$imgtool" ]; then
    # shellcheck disable=SC2086 # $imgtool may be a command with arguments
    compare "$name" "$runs" -- "$tool" "$@" --vs $imgtool "$@"
  else
    compare "$name" "$runs" -- "$tool" "$@"
  fi
}

compare "version (start-up only)" "$runs" -- "$tool" version
with_imgtool "sign ECDSA-P256, 1 MiB -> .bin" -- sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x200000 "$work/fw-1m.bin" "$work/out-1m.bin"
with_imgtool "sign ECDSA-P256, 16 MiB -> .hex" -- sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 -x 0x10000000 "$work/fw-16m.bin" "$work/out-16m.hex"
with_imgtool "sign ECDSA-P256, 16 MiB -> .hex --confirm" -- sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 -x 0x10000000 --confirm "$work/fw-16m.bin" "$work/out-16m-c.hex"
compare "sign+encrypt X25519, 16 MiB -> .bin" "$runs" -- "$tool" sign -k "$work/p256.pem" -E "$work/x25519.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 "$work/fw-16m.bin" "$work/out-16m-enc.bin"
compare "verify ECDSA-P256, 16 MiB .bin" "$runs" -- "$tool" verify -k "$work/p256.pem" "$work/signed-16m.bin" --vs sha256sum "$work/signed-16m.bin"
compare "verify ECDSA-P256, 16 MiB .hex" "$runs" -- "$tool" verify -k "$work/p256.pem" "$work/signed-16m.hex"
compare "sign ECDSA-P256, 16 MiB .hex -> .hex" "$runs" -- "$tool" sign -k "$work/p256.pem" -v 1.2.3 -H 0x200 --pad-header -S 0x1100000 "$work/signed-16m.hex" "$work/out-16m-hh.hex"
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
