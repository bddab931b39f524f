#!/usr/bin/env bash
# The shell steps of the aurora-cost GitHub Action (action.yml), kept here so they can be
# tested on a laptop with a fake `gh` on PATH (tests/test_action.py).
#
#   action.sh install   make a virtual environment and install aurora-cost from the
#                       action's own checkout ($GITHUB_ACTION_PATH)
#   action.sh run       price the inputs (check with a budget, else compare or diff),
#                       write the markdown to the job summary, post or update ONE
#                       pull-request comment, and exit with aurora-cost's exit code
#
# Inputs arrive as environment variables (INPUT_*), never spliced into the script, so a
# file name with spaces, quotes, `$(...)` or a leading dash is only ever a file name.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
venv="${AURORA_COST_VENV:-$temp/aurora-cost-venv}"

error() { printf '::error title=aurora-cost::%s\n' "$*"; }
note() { printf '%s\n' "$*" >&2; }

install() {
  local python="${INPUT_PYTHON:-python3}"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${action_path}[hcl,html]"
  "$venv/bin/aurora-cost" --version
}

# One path per line; blank lines ignored; every other character kept as written.
read_lines() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    [ -n "$line" ] && printf '%s\0' "$line"
  done <<< "$1"
}

command_line() {
  # writes the aurora-cost arguments, NUL-separated, to the file $1
  local out="$1"
  local subcommand="${INPUT_COMMAND:-auto}" path
  local infra=() budget=()
  while IFS= read -r -d '' path; do infra+=("--infra=$path"); done < <(read_lines "${INPUT_INFRA:-}")
  [ -n "${INPUT_MAX_MONTHLY:-}" ] && budget+=("--max-monthly=$INPUT_MAX_MONTHLY")
  [ -n "${INPUT_MAX_INCREASE:-}" ] && budget+=("--max-increase=$INPUT_MAX_INCREASE")
  [ -n "${INPUT_MAX_INCREASE_PERCENT:-}" ] && budget+=("--max-increase-percent=$INPUT_MAX_INCREASE_PERCENT")
  if [ "${#infra[@]}" -gt 0 ] && [ -n "${INPUT_WORKLOAD:-}" ]; then
    error "give either infra or workload, not both"; return 2
  fi
  if [ "${#infra[@]}" -eq 0 ] && [ -z "${INPUT_WORKLOAD:-}" ]; then
    error "give infra (a plan JSON, a .tf file or a directory of .tf files) or workload"; return 2
  fi
  if [ "$subcommand" = auto ]; then
    if [ "${#budget[@]}" -gt 0 ]; then subcommand=check; else subcommand=compare; fi
  fi
  case "$subcommand" in
    check)
      [ "${#budget[@]}" -gt 0 ] || { error "check needs max-monthly, max-increase or max-increase-percent"; return 2; } ;;
    compare) budget=() ;;
    diff)
      budget=()
      [ "${#infra[@]}" -eq 1 ] || { error "diff needs one Terraform plan JSON as infra"; return 2; } ;;
    *) error "command: '$subcommand' is not auto, check, compare or diff"; return 2 ;;
  esac
  local args=("$subcommand")
  if [ "${#infra[@]}" -gt 0 ]; then args+=("${infra[@]}"); else args+=("--workload=$INPUT_WORKLOAD"); fi
  [ -n "${INPUT_USAGE:-}" ] && args+=("--usage=$INPUT_USAGE")
  [ -n "${INPUT_REGION:-}" ] && args+=("--region=$INPUT_REGION")
  [ -n "${INPUT_AS_OF:-}" ] && args+=("--as-of=$INPUT_AS_OF")
  args+=("${budget[@]}" "--format=markdown")
  printf '%s\0' "${args[@]}" > "$out"
}

# The comment's body as the JSON the REST API takes, made by Python (no quoting by hand).
body_json() {
  "$python" - "$1" "$2" "$3" "$4" <<'PY'
import html, json, sys
marker, report, errors, status = sys.argv[1:]
with open(report, encoding="utf-8") as f:
    text = f.read()
with open(errors, encoding="utf-8", errors="replace") as f:
    talk = f.read()
if not text.strip():
    text = "### Aurora cost: could not price this change (exit %s)\n\n<pre>%s</pre>\n" % (
        status, html.escape(talk.strip()[-60000:]))
print(json.dumps({"body": marker + "\n" + text}))
PY
}

existing_comment() {
  # the id of the first comment carrying the marker, or nothing
  gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" \
    --jq '.[] | [.id, .body] | @json' \
  | "$python" -c '
import json, sys
marker = sys.argv[1]
for line in sys.stdin:
    line = line.strip()
    if line:
        cid, body = json.loads(line)
        if marker in (body or ""):
            print(cid)
            break
' "$1"
}

post_comment() {
  local marker="$1" report="$2" errors="$3" status="$4" payload id
  if [ "${INPUT_COMMENT:-true}" != true ]; then note "comment: off"; return 0; fi
  if [ -z "${PR_NUMBER:-}" ]; then note "comment: not a pull request, nothing posted"; return 0; fi
  if ! [[ "$PR_NUMBER" =~ ^[0-9]+$ ]]; then error "pull request number '$PR_NUMBER' is not a number"; return 0; fi
  payload="$temp/aurora-cost-comment.json"
  body_json "$marker" "$report" "$errors" "$status" > "$payload"
  if ! id="$(existing_comment "$marker")"; then
    printf '::warning title=aurora-cost::could not list the pull request comments (does the job have pull-requests: write?)\n'
    return 0
  fi
  if [ -n "$id" ]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" --input "$payload" >/dev/null \
      || printf '::warning title=aurora-cost::could not update comment %s\n' "$id"
  else
    gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" --input "$payload" >/dev/null \
      || printf '::warning title=aurora-cost::could not post the comment (does the job have pull-requests: write?)\n'
  fi
}

run() {
  local bin="${AURORA_COST_BIN:-$venv/bin/aurora-cost}"
  python="${AURORA_COST_PYTHON:-$(dirname "$bin")/python}"
  local key="${INPUT_COMMENT_ID:-aurora-cost}"
  if ! [[ "$key" =~ ^[A-Za-z0-9._-]+$ ]]; then
    error "comment-id: use letters, digits, '.', '_' and '-'"; exit 2
  fi
  local marker="<!-- aurora-cost-comment: $key -->"
  local report="$temp/aurora-cost-report.md" errors="$temp/aurora-cost-stderr.txt"
  local args=() arg status=0
  : > "$report"; : > "$errors"
  local listed="$temp/aurora-cost-args"
  command_line "$listed" || status=$?
  if [ "$status" -eq 0 ]; then
    while IFS= read -r -d '' arg; do args+=("$arg"); done < "$listed"
    note "aurora-cost ${args[*]}"
    "$bin" "${args[@]}" > "$report" 2> "$errors" || status=$?
    cat "$errors" >&2
  else
    echo "the action's inputs are not usable (see the error above)" > "$errors"
  fi
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat "$report" >> "$GITHUB_STEP_SUMMARY"; fi
  post_comment "$marker" "$report" "$errors" "$status"
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    { echo "exit-code=$status"; echo "report=$report"; } >> "$GITHUB_OUTPUT"
  fi
  case "$status" in
    0) ;;
    1) error "over budget (exit 1): see the pull-request comment or the job summary" ;;
    2) error "bad input (exit 2): see the Error: line in the log" ;;
    *) error "aurora-cost failed (exit $status): see the log" ;;
  esac
  exit "$status"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *) echo "usage: action.sh install|run" >&2; exit 2 ;;
esac
