#!/usr/bin/env bash
# Reproduce the corpus measurement.
#   ./run.sh                         # both checkouts, all configurations, then RESULTS.md
#   ./run.sh after                   # only the "after" checkout
#   ./run.sh after /work/wt/after-now [label]   # one build from any checkout; results/<label>/ (default: the build name)
# Checkouts default to BEFORE=/work/wt/before and AFTER=/work/wt/after (environment or the 2nd argument);
# each is built once with ./mvnw -o -B -q package -DskipTests:
#   git -C /work/main worktree add /work/wt/before 4e7a335
#   git -C /work/main worktree add /work/wt/after "$(git -C /work/main rev-parse HEAD)"
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
which=${1:-both}
before=${BEFORE:-/work/wt/before}
after=${AFTER:-/work/wt/after}
if [ $# -ge 2 ]; then
  case "$which" in before) before=$2 ;; after) after=$2 ;; *) echo "a checkout argument needs 'before' or 'after'" >&2; exit 2 ;; esac
fi
label=${3:-$which}
if [ "$which" = both ] || [ "$which" = before ]; then ./run.py "$before" all --label "${3:-before}" | tee "run-${3:-before}.log"; fi
if [ "$which" = both ] || [ "$which" = after ]; then ./run.py "$after" all --label "${3:-after}" | tee "run-${3:-after}.log"; fi
if [ "$which" = both ]; then ./summarize.py before after
elif [ -d results/before ]; then ./summarize.py before "$label"
else ./summarize.py --recorded recorded-21df75a.json "$label"   # the first run's before/after as recorded
fi
