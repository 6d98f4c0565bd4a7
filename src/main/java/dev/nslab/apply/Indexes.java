package dev.nslab.apply;

import dev.nslab.model.LiveState;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;

import java.util.HashMap;
import java.util.Map;

/**
 * The ifindexes one run knows: those read from the live state, and those it chooses for the
 * links it makes, so that the requests that follow in the same batch can name a new link
 * (master, addresses, routes) without a round trip. Pure bookkeeping, no I/O.
 * <p>
 * In a lab namespace, which only this lab changes, a new link asks for the next free index. In
 * the host the kernel chooses (0): other labs and programs make links there at the same time,
 * and two runs choosing the same number would fail with EEXIST; later requests find a host
 * link's index by name (docs/kernel-facts.md, "Links").
 */
final class Indexes {
    private final Map<String, Map<String, Integer>> byName = new HashMap<>();
    private final Map<String, Integer> next = new HashMap<>();

    Indexes(LiveState live) {
        for (LiveNamespace ns : live.namespaces().values()) {
            Map<String, Integer> names = new HashMap<>();
            ns.links().forEach(l -> names.put(l.name(), l.index()));
            byName.put(ns.name(), names);
            next.put(ns.name(), ns.maxIndex() + 1);
        }
    }

    /** A namespace this run made: only {@code lo} (index 1) is in it. */
    void namespaceMade(String ns) {
        Map<String, Integer> names = new HashMap<>();
        names.put("lo", 1);
        byName.put(ns, names);
        next.put(ns, 2);
    }

    /** The index a link is known by, or null. */
    Integer known(String ns, String name) {
        return byName.getOrDefault(ns, Map.of()).get(name);
    }

    void remember(String ns, String name, int index) {
        byName.computeIfAbsent(ns, k -> new HashMap<>()).put(name, index);
    }

    /** A link gone, moved away, or about to be remade: its old index no longer names it. */
    void forget(String ns, String name) {
        Map<String, Integer> names = byName.get(ns);
        if (names != null) {
            names.remove(name);
        }
    }

    /** A link whose index the kernel chose (a tap): later choices come after it. */
    void kernelChose(String ns, String name, int index) {
        remember(ns, name, index);
        next.merge(ns, index + 1, Math::max);
    }

    /**
     * The ifindex a new link asks for (0 in the host: the kernel's choice), never {@code avoid}:
     * the two ends of a veth in two fresh namespaces would otherwise both get 2, and the kernel's
     * link watcher then sets the operstate UP up to a second late (docs/kernel-facts.md, "Links").
     */
    int assign(String ns, String name, int avoid) {
        if (Namespace.isHost(ns)) {
            forget(ns, name);
            return 0;
        }
        int i = next.merge(ns, 1, Integer::sum) - 1;
        if (i == avoid) {
            i = next.merge(ns, 1, Integer::sum) - 1;
        }
        remember(ns, name, i);
        return i;
    }
}
