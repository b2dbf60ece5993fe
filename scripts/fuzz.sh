#!/usr/bin/env bash
# Coverage-guided fuzzing of jixiao's readers with libFuzzer and AddressSanitizer (leaks included).
#
#   scripts/fuzz.sh [SECONDS_EACH [TARGET…]]     default: 60 s for each of the targets below
#   scripts/fuzz.sh 0 FuzzXLSX -runs=5000000     a run of 5 million inputs (0: no time limit; extra
#                                                 arguments after the targets go to libFuzzer)
#
# Builds the Fuzz/ package optimised with -sanitize=fuzzer,address (its own build directory, .build/fuzz),
# links each target into a fuzzer, seeds it from the project's fixtures and runs it with a 1 GB
# memory limit and 10 s per input. Found inputs are kept under .build/fuzz/corpus, crashes under
# .build/fuzz/artifacts; the script fails when a fuzzer finds a crash, a leak, a timeout or an
# input that exceeds the memory limit.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH=${1:-60}
shift || true
ALL=(FuzzEvaluationYAML FuzzEvaluationJSON FuzzFramework FuzzXLSX FuzzReportText FuzzFormula FuzzPartForms)
TARGETS=()
while [ $# -gt 0 ] && [[ "$1" != -* ]]; do TARGETS+=("$1"); shift; done
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL[@]}")
EXTRA=("$@")

BUILD=.build/fuzz
# SwiftPM keeps the main package's file list from the plan it made first: a source file added or
# removed there since, or a new module, leaves the plan stale ("missing inputs", "no such module").
# Plan again when the files or the manifest change.
SOURCES=$(find Sources Package.swift -type f ! -path '*/Resources/*' | sort | sha1sum)
# The fuzz targets' own objects are made new too: they lay out the core's structs as compiled
# against it, and SwiftPM does not rebuild them when only the other package changed (a struct
# grown since then overflowed a target's stack frame under AddressSanitizer: a false crash).
if [ "$(cat "$BUILD/sources.sha1" 2>/dev/null)" != "$SOURCES" ]; then
  rm -f "$BUILD/release.yaml" "$BUILD"/*/release/description.json
  rm -rf "$BUILD"/*/release/Fuzz*.build
fi
# Optimised, as fuzzers are built: some ten times the inputs a second of a debug build.
swift build -c release --package-path Fuzz --scratch-path "$BUILD" \
  -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address
DEBUG=$(swift build -c release --package-path Fuzz --scratch-path "$BUILD" --show-bin-path)
mkdir -p "$BUILD" && echo "$SOURCES" > "$BUILD/sources.sha1"
# The readers and their dependencies: every module built except the fuzz targets themselves
# (the other packages' modules have directories but no objects; a C library's objects, such as
# BoringSSL's under swift-crypto, lie in folders of its source tree).
shopt -s nullglob
LIBRARIES=()
for dir in "$DEBUG"/*.build; do
  case "$(basename "$dir")" in Fuzz*) ;; *) while IFS= read -r -d '' object; do LIBRARIES+=("$object"); done < <(find "$dir" -name '*.o' -print0) ;; esac
done

# Seeds: the fixtures each reader meets in the tests.
seeds() {
  case "$1" in
    FuzzEvaluationYAML) echo examples Fuzz/Corpus/FuzzEvaluationYAML ;;
    FuzzEvaluationJSON) echo Fuzz/Corpus/FuzzEvaluationJSON ;;
    FuzzFramework) echo Sources/JixiaoFormats/Frameworks ;;
    FuzzXLSX) echo Fuzz/Corpus/FuzzXLSX ;;
    FuzzReportText) echo Tests/JixiaoAuditTests/Fixtures/written Tests/JixiaoFormatsTests/Fixtures ;;
    FuzzFormula) echo "$BUILD/formulas" ;;
    FuzzPartForms) echo Fuzz/Corpus/FuzzPartForms ;;
  esac
}
# The formulas of the built-in frameworks, one a file.
mkdir -p "$BUILD/formulas"
grep -h "formula:" Sources/JixiaoFormats/Frameworks/*.yaml | sed -E 's/^[^:]*formula: *//; s/^"(.*)"$/\1/' | sort -u |
  while IFS= read -r formula; do printf '%s' "$formula" > "$BUILD/formulas/$(printf '%s' "$formula" | sha1sum | cut -c1-12)"; done

mkdir -p "$BUILD/bin" "$BUILD/artifacts"
export LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0"
failed=0
for target in "${TARGETS[@]}"; do
  swiftc -sanitize=fuzzer,address -use-ld=lld "${LIBRARIES[@]}" "$DEBUG/$target.build"/*.o \
    -l_FoundationICU -lz -o "$BUILD/bin/$target" 2> >(grep -v "Cannot export local symbol" >&2)
  mkdir -p "$BUILD/corpus/$target"
  limit=()
  [ "$SECONDS_EACH" != 0 ] && limit=(-max_total_time="$SECONDS_EACH")
  echo "== $target (${SECONDS_EACH}s)"
  # shellcheck disable=SC2046
  if ! "$BUILD/bin/$target" "${limit[@]}" -rss_limit_mb=1024 -malloc_limit_mb=1024 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$BUILD/artifacts/$target-" "${EXTRA[@]}" "$BUILD/corpus/$target" $(seeds "$target") \
      > "$BUILD/$target.log" 2>&1; then
    failed=1
    tail -40 "$BUILD/$target.log"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE" "$BUILD/$target.log" | tr '\n' ' '; echo
done
exit $failed
