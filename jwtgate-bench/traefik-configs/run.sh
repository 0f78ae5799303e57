#!/usr/bin/env bash
# Reproduce the corpus measurement.
#   ./run.sh            # both checkouts, all configurations, then RESULTS.md
#   ./run.sh after      # only the "after" checkout (e.g. after re-creating /work/wt/after on a newer main)
# Checkouts (built once each with ./mvnw -o -B -q package -DskipTests):
#   git -C /work/main worktree add /work/wt/before 4e7a335
#   git -C /work/main worktree add /work/wt/after "$(git -C /work/main rev-parse HEAD)"
set -euo pipefail
cd "$(dirname "$0")"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
which=${1:-both}
if [ "$which" = both ] || [ "$which" = before ]; then ./run.py /work/wt/before all | tee run-before.log; fi
if [ "$which" = both ] || [ "$which" = after ]; then ./run.py /work/wt/after all | tee run-after.log; fi
./summarize.py before after
