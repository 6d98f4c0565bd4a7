package dev.nslab.live;

import dev.nslab.model.LiveState;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Namespace;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;
import dev.nslab.netns.NamespaceSysctl;
import dev.nslab.netns.NetnsHandle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live side of a lab's sysctls, for the planner: the current value of each in the
 * namespaces that exist, and which cannot be set at all because the namespace will not have
 * the key. {@code plan} and {@code up} both ask here, so a key that {@code up} could not write
 * is refused by {@code plan} first, with its script line.
 *
 * <p>A key of one interface ({@code net.ipv4.conf.eth0.forwarding}) exists once the interface
 * does: it needs an interface of that name in the namespace, declared or live, and is looked
 * for under the namespace's {@code default} entry until the interface is there. Any other key
 * is looked for in its namespace if that exists, else in a namespace made for the question.
 */
public final class Sysctls {
    /** {@code net/ipv4/conf/DEV/LEAF}, {@code net/ipv6/neigh/DEV/LEAF}: keys of one interface. */
    private static final Pattern PER_INTERFACE = Pattern.compile("(net/ipv[46]/(?:conf|neigh)/)([^/]+)(/.+)");

    private Sysctls() {
    }

    /**
     * @param values  current values, keyed "NS KEY", of the declared sysctls in namespaces that exist
     * @param missing the declared sysctls that cannot be set, each with why: a script error
     */
    public record Result(Map<String, String> values, List<Missing> missing) {
    }

    /** A declared sysctl its namespace does not have, and why, in a sentence with the fix. */
    public record Missing(Sysctl sysctl, String why) {
    }

    /**
     * @param handles the handle of each namespace that exists (the host's too)
     */
    public static Result read(Topology lab, LiveState live, Function<String, NetnsHandle> handles) {
        Map<String, Set<String>> askIn = new LinkedHashMap<>(); // existing namespace -> keys to read or look for
        Set<String> askNew = new LinkedHashSet<>();              // keys to look for in a new namespace
        Map<Sysctl, String> probeOf = new LinkedHashMap<>();
        List<Missing> missing = new ArrayList<>();
        for (Sysctl s : lab.sysctls()) {
            String probe = s.path();
            Matcher m = PER_INTERFACE.matcher(probe);
            boolean exists = live.namespace(s.namespace()).isPresent();
            if (m.matches() && !m.group(2).equals("all") && !m.group(2).equals("default")) {
                String dev = m.group(2);
                boolean isLive = live.namespace(s.namespace()).flatMap(n -> n.link(dev)).isPresent();
                if (!isLive && !dev.equals("lo") && !declared(lab, s.namespace()).contains(dev)) {
                    missing.add(new Missing(s, "sysctl '" + s.key() + "' is a key of interface '" + dev + "', which "
                            + Namespace.describe(s.namespace()) + " does not have: declare it there, or use 'all' for every interface"));
                    continue;
                }
                if (!isLive) {
                    probe = m.group(1) + "default" + m.group(3); // what the interface will have when made
                }
            }
            probeOf.put(s, probe);
            if (exists) {
                Set<String> keys = askIn.computeIfAbsent(s.namespace(), ns -> new LinkedHashSet<>());
                keys.add(probe);
                keys.add(s.key());
            } else {
                askNew.add(probe);
            }
        }
        Map<String, Map<String, String>> found = new LinkedHashMap<>();
        askIn.forEach((ns, keys) -> found.put(ns, NamespaceSysctl.readAll(handles.apply(ns), keys)));
        Set<String> absentInNew = askNew.isEmpty() ? Set.of() : NamespaceSysctl.missingInNew(askNew);
        Map<String, String> values = new LinkedHashMap<>();
        probeOf.forEach((s, probe) -> {
            Map<String, String> there = found.get(s.namespace());
            boolean has = there != null ? there.containsKey(probe) : !absentInNew.contains(probe);
            if (!has) {
                missing.add(new Missing(s, "sysctl '" + s.key() + "' does not exist in " + Namespace.describe(s.namespace())
                        + " (no /proc/sys/" + probe + "): check its spelling (sysctl -a lists the keys), or load the"
                        + " kernel module that provides it"));
            } else if (there != null && there.containsKey(s.key())) {
                values.put(s.namespace() + " " + s.key(), there.get(s.key()));
            }
        });
        missing.sort(java.util.Comparator.comparingInt(x -> x.sysctl().location().line()));
        return new Result(values, missing);
    }

    /** The interfaces the lab declares in {@code ns}: link ends and uplinks. */
    private static Set<String> declared(Topology lab, String ns) {
        Set<String> names = new HashSet<>();
        lab.links().forEach(l -> l.ends().stream().filter(e -> e.namespace().equals(ns)).map(LinkAttrs::name).forEach(names::add));
        lab.uplinks().stream().filter(u -> u.namespace().equals(ns)).map(Uplink::name).forEach(names::add);
        return names;
    }
}
