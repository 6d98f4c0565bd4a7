package dev.nslab.live;

import dev.nslab.netns.Processes;

import java.util.List;

/** Which processes are in which named namespace: the reads behind {@code nslab pids} and {@code identify}. */
public final class ProcessView {
    private ProcessView() {
    }

    /**
     * Every process with at least one thread in namespace {@code ns}, sorted.
     * <p>Equivalent to: {@code ip netns pids NS}, plus processes that have only a thread inside.
     */
    public static List<Integer> pids(String ns) {
        return Processes.pids(ns);
    }

    /**
     * Every name under /run/netns of the namespace process {@code pid} is in; empty when unnamed.
     * <p>Equivalent to: {@code ip netns identify PID}
     */
    public static List<String> identify(int pid) {
        return Processes.identify(pid);
    }

    /** The command name of a process, or "?" once it is gone. */
    public static String comm(int pid) {
        return Processes.comm(pid);
    }
}
