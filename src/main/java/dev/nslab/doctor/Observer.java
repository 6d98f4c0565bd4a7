package dev.nslab.doctor;

import dev.nslab.live.LiveReader;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.Namespace;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.netlink.Netlink;
import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NamespaceSysctl;
import dev.nslab.netns.NetnsHandle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads what the doctor needs from the kernel: fresh dumps and sysctls of every namespace of a lab. */
public final class Observer {
    private static final java.util.regex.Pattern PLAIN_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+");

    private Observer() {
    }

    public static Observed observe(Topology lab) {
        Map<String, Observed.View> views = new HashMap<>();
        for (Namespace ns : lab.namespaces()) {
            if (!ns.isHost() && !NamedNamespaces.exists(ns.name())) {
                continue;
            }
            try (NetnsHandle h = ns.isHost() ? NamedNamespaces.openCurrent(Namespace.HOST) : NamedNamespaces.open(ns.name());
                 Netlink nl = InNamespace.call(h, Netlink::open)) {
                LiveNamespace live = LiveReader.read(ns.name(), nl);
                Set<String> keys = new LinkedHashSet<>(List.of("net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding",
                        "net.ipv4.conf.all.rp_filter"));
                for (LiveLink l : live.links()) {
                    if (PLAIN_NAME.matcher(l.name()).matches()) {
                        keys.add("net.ipv4.conf." + l.name() + ".rp_filter");
                    }
                }
                for (Sysctl s : lab.sysctls()) {
                    if (s.namespace().equals(ns.name()) && s.key().startsWith("net.") && s.key().indexOf('/') < 0) {
                        keys.add(s.key());
                    }
                }
                views.put(ns.name(), new Observed.View(live, nl.bridgePortList(),
                        NamespaceSysctl.readAll(h, new ArrayList<>(keys))));
            }
        }
        return new Observed(views);
    }
}
