#!/usr/bin/env bash
# Compares dealscope with what people would otherwise use, on the same
# generated data (default 100,000 entities, seed 1):
#
#   1. search: `fzf --filter` (Debian's fzf) over the entities' names, one
#      process per query as fzf is used in scripts, against dealscope's search
#      of names, aliases, ids and tags: in process (data loaded once), and as
#      a whole `dealscope search` process (which parses the YAML first);
#   2. loading: bare serde_yaml parsing of the same files into a YAML tree,
#      against `dealscope check` (parse, validate, index, every reference).
#
# Usage: bench/compare.sh [ENTITIES]      (needs fzf; installed with apt-get when missing and root)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
QUERIES=(k ko kov kova kovl kovlab z ze zen zent zentr zentra m ma mat "mate" "mate " "mate 1")

if ! command -v fzf >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "== installing fzf"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fzf >/dev/null
  else
    echo "compare.sh: needs fzf (apt-get install fzf)" >&2
    exit 2
  fi
fi
echo "== building"
cargo build --release --quiet --bin dealscope --example yaml_parse --example search_times
BIN=target/release/dealscope
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" gen --entities "$N" --seed 1 --out "$WORK/data" >/dev/null
# Every entity's name or title, one per line: what fzf gets to search.
sed -n 's/^    \(name\|title\): //p' "$WORK"/data/*.yaml | sed 's/^"\(.*\)"$/\1/' >"$WORK/names.txt"
echo "data: $N entities, $(du -sh "$WORK/data" | cut -f1) of YAML, $(wc -l <"$WORK/names.txt") names; $(fzf --version | head -1 | cut -d' ' -f1) fzf; $(nproc) cores"

now() { date +%s.%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'; }

echo
echo "== search, per query (ms)"
target/release/examples/search_times "$WORK/data" "${QUERIES[@]}" >"$WORK/inproc.tsv"
printf '%-8s %9s %9s %12s %9s\n' query fzf dealscope "fzf/dealscope" "process"
total_fzf=0; total_ds=0
i=0
while IFS=$'\t' read -r q ds_ms hits; do
  t0=$(now); fzf --filter "$q" <"$WORK/names.txt" >/dev/null || true; t1=$(now)
  fzf_ms=$(ms "$t0" "$t1")
  proc=""
  if [ $((i % 6)) -eq 0 ]; then  # a whole process for the first key of each query
    t0=$(now); "$BIN" --data "$WORK/data" search "$q" --limit 1000000 >/dev/null; t1=$(now)
    proc=$(ms "$t0" "$t1")
  fi
  ratio=$(awk -v f="$fzf_ms" -v d="$ds_ms" 'BEGIN { printf "%.1fx", f / (d > 0 ? d : 0.01) }')
  printf '%-8s %9s %9s %12s %9s\n' "\"$q\"" "$fzf_ms" "$ds_ms" "$ratio" "$proc"
  total_fzf=$(awk -v a="$total_fzf" -v b="$fzf_ms" 'BEGIN { print a + b }')
  total_ds=$(awk -v a="$total_ds" -v b="$ds_ms" 'BEGIN { print a + b }')
  i=$((i + 1))
done <"$WORK/inproc.tsv"
echo "all queries: fzf $total_fzf ms, dealscope in process $total_ds ms: fzf/dealscope $(awk -v f="$total_fzf" -v d="$total_ds" 'BEGIN { printf "%.1fx", f / d }')"
echo "(dealscope: whole search over every entity, ranked, best of 3, no narrowing; \"process\": a whole"
echo " dealscope search run, YAML parsing included, for the first key of each query)"

echo
echo "== loading (s)"
t0=$(now); target/release/examples/yaml_parse "$WORK/data" >/dev/null; t1=$(now)
yaml=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
t0=$(now); "$BIN" --data "$WORK/data" check >/dev/null; t1=$(now)
check=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "bare serde_yaml parse (one thread): $yaml s; dealscope check (parse on every core, validate): $check s; check/parse $(awk -v c="$check" -v y="$yaml" 'BEGIN { printf "%.2fx", c / y }')"
