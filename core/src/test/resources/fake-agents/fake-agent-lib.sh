# Shared by the fake claude, codex and aider of dev.wave.testing.FakeAgents (POSIX sh).
#
# Environment:
#   WAVE_FAKE_AGENT_SCRIPT     success (default) | denied | no-result | crash | slow | stuck
#   WAVE_FAKE_AGENT_FILES      files to edit, relative to the work directory, space-separated
#                              (default agent-NAME.txt); each gets the prompt appended as a line, unless the
#                              prompt says "Do not change any file" (an analysis), which the fake obeys
#   WAVE_FAKE_AGENT_ARGS_FILE  when set, the command line is written there, one argument a line
#   WAVE_FAKE_AGENT_PID_FILE   when set, "slow" and "stuck" write the pid of their background child there

fake_init() {
  fake_name=$1
  fake_script=${WAVE_FAKE_AGENT_SCRIPT:-success}
  fake_files=${WAVE_FAKE_AGENT_FILES:-agent-$fake_name.txt}
  case $fake_script in
    success|denied|no-result|crash|slow|stuck) ;;
    *) echo "fake $fake_name: WAVE_FAKE_AGENT_SCRIPT must be success, denied, no-result, crash, slow or stuck, got '$fake_script'" >&2
       exit 2 ;;
  esac
}

fake_record_args() {
  if [ -n "${WAVE_FAKE_AGENT_ARGS_FILE:-}" ]; then
    : > "$WAVE_FAKE_AGENT_ARGS_FILE"
    for arg in "$@"; do
      printf '%s\n' "$arg" >> "$WAVE_FAKE_AGENT_ARGS_FILE"
    done
  fi
}

# JSON string contents for a value without newlines: backslashes and quotes escaped.
fake_json() {
  printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'
}

# Appends the prompt (its first line) to every file to edit; prints each path edited.
fake_edit() {
  case $1 in *"Do not change any file"*) return ;; esac
  line=$(printf '%s\n' "$1" | head -n 1)
  for file in $fake_files; do
    mkdir -p "$(dirname "$file")"
    printf '%s\n' "$line" >> "$file"
    printf '%s\n' "$file"
  done
}

# Hangs until killed, with a background child that must die with it.
fake_hang() {
  sleep 300 &
  if [ -n "${WAVE_FAKE_AGENT_PID_FILE:-}" ]; then
    echo $! > "$WAVE_FAKE_AGENT_PID_FILE"
  fi
  wait
}

# Dies abruptly mid-stream, as a process killed by the system would.
fake_crash() {
  echo "fake $fake_name: crashed (WAVE_FAKE_AGENT_SCRIPT=crash)" >&2
  kill -KILL $$
}
