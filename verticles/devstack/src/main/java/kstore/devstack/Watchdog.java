package kstore.devstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One tiny {@code /bin/sh} loop per owned stack, in its own session ({@code setsid}), that outlives a
 * {@code kill -9} of the JVM: it polls the JVM (pid + start time, a zombie counts as dead) every 0.25 s and, once
 * the JVM is gone, sends each registered server its stop signal (postgres INT = fast shutdown, redis and kafka
 * TERM), waits up to 20 s, SIGKILLs what is left, removes the run dir and, for a temp stack, the whole temp dir.
 * A normal {@link DevStack#close()} stops the servers itself and removes the run dir; the loop sees that and
 * exits.
 */
final class Watchdog {

    private static final String SCRIPT = String.join("\n",
        "jvm=$1; jst=$2; run=$3; dir=$4; mode=$5",
        "st() {",
        "  [ -r /proc/$1/stat ] || return 1",
        "  read -r s 2>/dev/null < /proc/$1/stat || return 1",
        "  s=${s##*\") \"}",
        "  set -- $s",
        "  case $1 in Z|X) return 1;; esac",
        "  echo \"${20}\"",
        "}",
        "alive() { [ \"$(st \"$1\")\" = \"$2\" ]; }",
        "while alive \"$jvm\" \"$jst\"; do",
        "  [ -d \"$run\" ] || exit 0",
        "  sleep 0.25",
        "done",
        "[ -d \"$run\" ] || exit 0",
        "echo \"$(date '+%F %T') watchdog: JVM $jvm is gone, stopping its servers\"",
        "for f in \"$run\"/*.pid; do",
        "  [ -f \"$f\" ] || continue",
        "  read -r pid sig pst < \"$f\"",
        "  if alive \"$pid\" \"$pst\"; then kill -s \"$sig\" \"$pid\" && echo \"  sent $sig to $pid ($f)\"; fi",
        "done",
        "i=0",
        "while [ $i -lt 80 ]; do",
        "  left=0",
        "  for f in \"$run\"/*.pid; do",
        "    [ -f \"$f\" ] || continue",
        "    read -r pid sig pst < \"$f\"",
        "    alive \"$pid\" \"$pst\" && left=1",
        "  done",
        "  [ $left = 0 ] && break",
        "  sleep 0.25; i=$((i+1))",
        "done",
        "for f in \"$run\"/*.pid; do",
        "  [ -f \"$f\" ] || continue",
        "  read -r pid sig pst < \"$f\"",
        "  if alive \"$pid\" \"$pst\"; then kill -s KILL \"$pid\"; echo \"  killed $pid\"; fi",
        "done",
        "rm -rf \"$run\"",
        "if [ \"$mode\" = delete ]; then rm -rf \"$dir\"; fi",
        "echo \"$(date '+%F %T') watchdog: done\"",
        "");

    private Watchdog() {
    }

    static Process start(Layout layout) throws IOException {
        List<String> cmd = List.of("/bin/sh", "-c", SCRIPT, "kstore-devstack-watchdog",
            Long.toString(Procs.SELF_PID), Long.toString(Procs.SELF_START),
            layout.ownRunDir().toString(), layout.dir.toString(), layout.temporary ? "delete" : "keep");
        return Procs.spawn(cmd, layout.log("watchdog"), false, null);
    }

    /** After the caller removed the run dir: the loop exits by itself within 0.25 s (and is reaped by us). */
    static void stop(Process watchdog, Path runDir) {
        if (watchdog == null) {
            return;
        }
        StackFiles.deleteTree(runDir);
        try {
            if (!Files.exists(runDir) && watchdog.waitFor(Duration.ofSeconds(2).toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.destroy();
    }
}
