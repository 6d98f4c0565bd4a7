# nslab's launcher logic, shared by ./nslab (the source tree) and /usr/bin/nslab (the .deb),
# which set these variables and then source this file with nslab's arguments:
#   nslab_jar             the jar to run
#   nslab_cache           where the class-data archive and the daemon's client are kept ("" for none)
#   nslab_client_source   nslab-client.c, built with cc into nslab_cache on first use (root only)
#   nslab_train_script    the lab whose run records the class-data archive
#
# It runs the jar with fast-start JVM flags: C1 only (a lab run is short, and C2 compilation
# would compete with it for the CPU), serial GC, and a class-data archive (AppCDS) of the
# classes a run loads, recorded by a training run (below) whenever the jar or the Java changed,
# which cuts start-up by about a third. As root, a command the daemon serves goes first to
# nslab-client, which hands it to the resident nslab daemon of this context (docs/daemon.md): a
# millisecond instead of a JVM's start. With no daemon here the command runs in a JVM of its
# own, and a daemon is started after it.
# NSLAB_DAEMON=off: never; NSLAB_DAEMON_IDLE=SECONDS: how long an idle daemon stays (600).
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss1m -XX:-UsePerfData)
jsa=""
client=""
# (Bash builtins where a program would do: on a small VM each fork costs about 10 ms, and this
# runs before every command.)
if [ -n "$nslab_cache" ] && { [ -d "$nslab_cache" ] || mkdir -p -m 0755 "$nslab_cache" 2>/dev/null; } && [ -w "$nslab_cache" ]; then
  jsa="$nslab_cache/nslab.jsa"
  client="$nslab_cache/nslab-client"
fi
if [ -n "$jsa" ]; then
  # The archive matches one jar and one JVM: the stamp names both (size, time, path).
  java_bin=""
  if hash java 2>/dev/null; then
    java_bin=${BASH_CMDS[java]}
  fi
  stamp=$(stat -L -c '%s %Y %n' "$nslab_jar" "$java_bin" 2>/dev/null || true)
  stamp="${stamp//$'\n'/ } " # each file's line, ended by a blank
  saved=""
  if [ -f "$jsa.stamp" ]; then
    IFS= read -r saved <"$jsa.stamp" || true
  fi
  if [ ! -f "$jsa" ] || [ "$saved" != "$stamp" ]; then
    rm -f "$jsa" "$jsa.stamp"
    # The archive holds the classes its training run loaded. As root the training is a real
    # 'up' of the star example (netlink, namespaces, bridge, routes, pings), made inside a
    # throwaway world (private network and mount namespaces, a tmpfs over /run and /etc/netns), so it touches
    # nothing of this machine; otherwise, or if that fails, a 'plan', which needs no privilege. Its
    # loopback is up, as a real host's is: its addresses, routes and qdisc are what the live read
    # decodes, so their classes are archived too.
    train=(java "${flags[@]}" -XX:ArchiveClassesAtExit="$jsa" -Xlog:disable -jar "$nslab_jar")
    if ! { [ "$(id -u)" = 0 ] && command -v unshare >/dev/null \
           && unshare --net --mount --propagation private -- sh -c \
                'mount -t tmpfs nslab-train /run && mkdir /run/netns /run/nslab && mkdir -p /etc/netns &&
                 mount -t tmpfs nslab-train /etc/netns && { ip link set lo up 2>/dev/null || true; } && exec "$@"' train \
                "${train[@]}" -q up "$nslab_train_script" >/dev/null 2>&1; }; then
      "${train[@]}" plan "$nslab_train_script" >/dev/null 2>&1 || rm -f "$jsa"
    fi
    if [ -f "$jsa" ]; then
      printf '%s\n' "$stamp" >"$jsa.stamp"
    fi
  fi
  if [ -f "$jsa" ]; then
    # An archive that no longer matches the jar is ignored by the JVM; -Xlog:disable keeps
    # its notice out of output that may be piped.
    flags+=(-XX:SharedArchiveFile="$jsa" -Xshare:auto -Xlog:disable)
  fi
fi
# The subcommands the daemon runs (Daemon.SERVED); the first word after -v/-q names it.
served=" up down plan check show list ps doctor graph pids "
command=""
for a in "$@"; do
  case $a in -v|--verbose|-q|--quiet) ;; *) command=$a; break ;; esac
done
# Starts a daemon for the socket SOCKET, detached (setsid), with a clean, fixed environment:
# not this client's JAVA_TOOL_OPTIONS, -D flags or NSLAB_* settings, which are per request.
# Its directory is root's and 0700, its log 0600 and never a planted symlink.
nslab_start_daemon() {
  local socket=$1 dir=${1%/*} log=${1%.sock}.log java_bin
  java_bin=$(command -v java) || return 0
  mkdir -p -m 0755 "${dir%/*}" 2>/dev/null || return 0
  if [ ! -e "$dir" ] && ! mkdir -m 0700 "$dir" 2>/dev/null && [ ! -d "$dir" ]; then
    return 0
  fi
  if [ -L "$dir" ] || [ ! -d "$dir" ] || [ ! -O "$dir" ]; then
    return 0
  fi
  chmod 0700 "$dir" || return 0
  if [ -L "$log" ] || { [ -e "$log" ] && { [ ! -f "$log" ] || [ ! -O "$log" ]; }; }; then
    rm -f "$log" || return 0
  fi
  # The daemon's flags: the same C1 and serial GC (measured at star 500: as fast as tiered C2,
  # whose compiler thread competes for the CPU, and 40 MiB smaller), and a heap that gives
  # memory back after a big lab (bench/README.md).
  (umask 077 && exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
    setsid -f "$java_bin" "${flags[@]}" -Xmx512m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -jar "$nslab_jar" \
    daemon serve --socket "$socket" --idle "$idle" </dev/null >>"$log" 2>&1) || true
}
# Builds the daemon's client (root only: it is kept in root's cache) when it is missing or older than its source.
nslab_build_client() {
  if [ -n "$client" ] && { [ ! -x "$client" ] || [ "$nslab_client_source" -nt "$client" ]; }; then
    cc -O2 -o "$client" "$nslab_client_source" 2>/dev/null || rm -f "$client"
  fi
}
# `nslab daemon start [--foreground] [--idle SECONDS]`: a daemon for this context (directory,
# namespaces, user) now, before any command, as the first served command would start one. The
# launcher's, because only it knows the client that names the socket. --foreground serves in
# this process (systemd's nslab-daemon.service); --idle 0: never ends for being idle.
if [ "${1:-}" = daemon ] && [ "${2:-}" = start ]; then
  shift 2
  foreground=""
  idle=600
  while [ $# -gt 0 ]; do
    case $1 in
      --foreground) foreground=1 ;;
      --idle) [ $# -gt 1 ] || { echo "nslab daemon start: --idle needs SECONDS" >&2; exit 2; }; idle=$2; shift ;;
      --idle=*) idle=${1#--idle=} ;;
      -h|--help) exec java "${flags[@]}" -jar "$nslab_jar" daemon start --help ;;
      *) echo "nslab daemon start: unknown option '$1' (--foreground, --idle SECONDS)" >&2; exit 2 ;;
    esac
    shift
  done
  if ! [[ $idle =~ ^[0-9]+$ ]]; then
    echo "nslab daemon start: --idle $idle is not a number of seconds (0: never idle out)" >&2
    exit 2
  fi
  if [ "$EUID" != 0 ]; then
    echo "nslab daemon start: only root's commands go through a daemon; run it as root" >&2
    exit 2
  fi
  nslab_build_client
  if [ ! -x "$client" ]; then
    echo "nslab daemon start: no daemon client: install a C compiler (cc) to build $nslab_client_source" >&2
    exit 1
  fi
  if ! socket=$("$client" --socket-path "$nslab_jar"); then
    echo "nslab daemon start: no daemon serves inside a named namespace (it would keep that namespace alive)" >&2
    exit 1
  fi
  if [ -n "$foreground" ]; then
    # The same fixed environment and flags as a daemon the launcher starts; its log is stderr.
    exec env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
      java "${flags[@]}" -Xmx512m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=20 -jar "$nslab_jar" \
      daemon serve --socket "$socket" --idle "$idle"
  fi
  nslab_start_daemon "$socket"
  # Started detached: it answers once its warm-up is done and its socket exists.
  for _ in $(seq 1 300); do
    [ -S "$socket" ] && { echo "nslab daemon serving $PWD ($socket)"; exit 0; }
    sleep 0.1
  done
  echo "nslab daemon start: no daemon answered within 30 s; see ${socket%.sock}.log" >&2
  exit 1
fi
if [ "${NSLAB_DAEMON:-on}" != off ] && [ "$EUID" = 0 ] && [ -n "$client" ] && [ -n "$command" ] && [[ $served == *" $command "* ]] \
   && [ -z "${JAVA_TOOL_OPTIONS:-}${JDK_JAVA_OPTIONS:-}${_JAVA_OPTIONS:-}" ]; then
  # (JVM options are this command's own: a daemon cannot take them, so it runs in a JVM of its own.)
  idle=${NSLAB_DAEMON_IDLE:-600}
  if ! [[ $idle =~ ^[0-9]+$ ]] || [ "$idle" -lt 1 ]; then
    echo "nslab: NSLAB_DAEMON_IDLE=$idle is not a number of seconds (1 or more); unset it, or NSLAB_DAEMON=off for no daemon" >&2
    exit 2
  fi
  nslab_build_client
  if [ -x "$client" ]; then
    rc=0
    "$client" "$nslab_jar" "$@" || rc=$?
    if [ "$rc" != 75 ] && [ "$rc" != 76 ]; then
      exit "$rc"
    fi
    if [ "$rc" = 75 ] && socket=$("$client" --socket-path "$nslab_jar" 2>/dev/null); then
      # No daemon here: one for the next commands, and this one in this very process (below).
      nslab_start_daemon "$socket"
    fi
  fi
fi
# The process the user started does the work: killed, it leaves no JVM behind. Its young
# generation holds what one command allocates (a cold 'up' of 500 namespaces: about 110 MB), so
# that it ends without a collection: the default, 1/64 of the RAM split 1:2, is smaller wherever
# there is less than 24 GB of RAM, and one collection cost 33-48 ms of such an 'up'
# (bench/README.md, "The cold path").
# Pages are only touched as they are used; where the heap cannot be that large (under 768 MB of
# RAM) the JVM makes the young generation smaller.
exec java "${flags[@]}" -Xmn192m -jar "$nslab_jar" "$@"
