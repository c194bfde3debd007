#!/usr/bin/env bash
# Rolling deploys run the previous release's code on the new schema for a while.
# This check migrates a database with the current code, then runs the previous
# release's test suite (its own code and tests, from a git worktree) against it.
#
#   .ci/migration_compat.sh [BASE]     BASE: a tag or commit (default: the latest tag)
#
# It only runs when a migration since BASE changes a table that BASE already had;
# new tables alone cannot break old code. Exit status 0 when compatible.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-$(git describe --tags --abbrev=0 2>/dev/null || true)}
if [ -z "$base" ]; then
  echo "No previous release (no git tag): nothing to compare against."
  exit 0
fi
changed=$(git diff --name-only --diff-filter=AM "$base" HEAD -- '*/migrations/0*.py' || true)
touching=()
for file in $changed; do
  app=${file%%/*}
  # A migration touches an existing table if it alters/removes fields or models of
  # a model that already existed at BASE.
  if grep -qE "AddField|AlterField|RemoveField|RenameField|DeleteModel|AlterUniqueTogether|AddConstraint" "$file"; then
    for model in $(grep -oE "model_name=\"[a-z_]+\"" "$file" | cut -d'"' -f2 | sort -u); do
      if git grep -qiE "class ${model}\(" "$base" -- "$app/models.py" "$app/models/" 2>/dev/null; then
        touching+=("$file:$model")
      fi
    done
  fi
done
if [ ${#touching[@]} -eq 0 ]; then
  echo "No migration since $base changes a table that $base had: compatible by construction."
  exit 0
fi
echo "Migrations since $base that change existing tables: ${touching[*]}"
worktree=$(mktemp -d /tmp/spring-compat-XXXX)
trap 'git worktree remove --force "$worktree" >/dev/null 2>&1 || true' EXIT
git worktree add --detach "$worktree" "$base" >/dev/null
database="test_compat_$$"
# 1. the new schema, made by the current code
TEST_DB_NAME=$database .venv/bin/python -m pytest tests/spring_portal/test_env.py -q \
  --create-db --reuse-db -p no:cacheprovider >/dev/null
# 2. the previous release's tests on it (--reuse-db keeps the new schema)
cp -r node_modules "$worktree/" 2>/dev/null || true
(cd "$worktree" && TEST_DB_NAME=$database "$OLDPWD/.venv/bin/python" -m pytest -q --reuse-db \
  -p no:cacheprovider)
