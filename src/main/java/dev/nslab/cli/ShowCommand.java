package dev.nslab.cli;

import dev.nslab.api.Labs;
import dev.nslab.model.Names;
import dev.nslab.live.LiveReader;
import dev.nslab.model.LiveState.LiveAddress;
import dev.nslab.model.LiveState.LiveLink;
import dev.nslab.model.LiveState.LiveNamespace;
import dev.nslab.model.LiveState.LiveRoute;
import dev.nslab.model.Counts;
import dev.nslab.model.Namespace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Live state: namespaces, links (kind, master, state, carrier, shaping), addresses, routes.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(arity = "0..1", paramLabel = "LAB|NS", description = "a lab or a namespace; default: the host and every named namespace")
    String target;
    @Mixin
    OutputFormat format;

    @Override
    public Integer call() {
        List<String> namespaces = new ArrayList<>();
        if (target == null) {
            namespaces.add(Namespace.HOST);
            namespaces.addAll(LiveReader.namedNamespaces());
        } else if (Labs.isUp(target)) {
            namespaces.addAll(Labs.namespacesOf(target));
        } else {
            namespaces.add(namespaceOrLab(target));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (format.json()) {
            OutputFormat.print(w, ShowJson.of(namespaces));
            return ExitCodes.OK;
        }
        boolean colour = Style.of(spec).colour();
        Style.Tree tree = Style.Tree.forLocale();
        for (String ns : namespaces) {
            printTree(w, describe(LiveReader.read(ns), LiveReader.forwarding(ns)), colour, tree);
        }
        w.flush();
        return ExitCodes.OK;
    }

    /** A name that is not a lab that is up: a namespace, or a usage error naming both kinds there are. */
    private static String namespaceOrLab(String name) {
        String problem = Names.namespaceProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!Namespace.isHost(name) && !LiveReader.namedNamespaces().contains(name)) {
            List<String> labs = Labs.up();
            throw new IllegalArgumentException("no lab or namespace '" + name + "'; labs here: "
                    + (labs.isEmpty() ? "none" : String.join(", ", labs)) + " (nslab list shows the namespaces)");
        }
        return name;
    }

    private static Map<String, Object> describe(LiveNamespace ns, Map<String, String> sysctls) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ns.name());
        List<Map<String, Object>> links = new ArrayList<>();
        for (LiveLink l : ns.links()) {
            Map<String, Object> lm = new LinkedHashMap<>();
            lm.put("name", l.name());
            lm.put("index", l.index());
            lm.put("kind", l.kind());
            lm.put("up", l.up());
            lm.put("carrier", l.lowerUp());
            lm.put("state", !l.up() ? "DOWN" : l.lowerUp() ? "UP" : "NO-CARRIER");
            lm.put("master", l.masterIndex() == 0 ? null : ns.link(l.masterIndex()).map(LiveLink::name).orElse(null));
            lm.put("mtu", l.mtu());
            lm.put("mac", l.mac());
            lm.put("addresses", ns.addressesOf(l.index()).stream().map(a -> a.prefix().toString()).toList());
            lm.put("shaping", ShowJson.shaping(ns, l.index()));
            links.add(lm);
        }
        m.put("links", links);
        List<Map<String, Object>> routes = new ArrayList<>();
        for (LiveRoute r : ns.routes()) {
            Map<String, Object> rm = new LinkedHashMap<>();
            rm.put("destination", r.destination().length() == 0 ? "default" : r.destination().toString());
            rm.put("via", r.gateway() == null ? null : dev.nslab.model.Addresses.format(r.gateway()));
            rm.put("dev", ns.link(r.oif()).map(LiveLink::name).orElse(null));
            rm.put("protocol", r.protocol());
            routes.add(rm);
        }
        m.put("routes", routes);
        Map<String, Object> forwarding = new LinkedHashMap<>();
        forwarding.put("ipv4", "1".equals(sysctls.get(LiveReader.FORWARDING.get(0))));
        forwarding.put("ipv6", "1".equals(sysctls.get(LiveReader.FORWARDING.get(1))));
        m.put("forwarding", forwarding);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void printTree(PrintWriter w, Map<String, Object> ns, boolean colour, Style.Tree t) {
        List<Map<String, Object>> links = (List<Map<String, Object>>) ns.get("links");
        List<Map<String, Object>> routes = (List<Map<String, Object>>) ns.get("routes");
        Map<String, Object> forwarding = (Map<String, Object>) ns.get("forwarding");
        w.println((Namespace.isHost((String) ns.get("name")) ? "host" : "netns " + ns.get("name"))
                + "  (" + Counts.of(links.size(), "link") + ", " + Counts.of(routes.size(), "route")
                + "; forwarding IPv4 " + onOff(forwarding.get("ipv4")) + ", IPv6 " + onOff(forwarding.get("ipv6"))
                + (Boolean.TRUE.equals(forwarding.get("ipv4")) || Boolean.TRUE.equals(forwarding.get("ipv6")) ? ": a router" : "")
                + ")");
        for (int i = 0; i < links.size(); i++) {
            Map<String, Object> l = links.get(i);
            boolean last = i == links.size() - 1 && routes.isEmpty();
            String state = (String) l.get("state");
            String painted = !colour ? state : (state.equals("UP") ? "\u001b[32m" : "\u001b[31m") + state + "\u001b[0m";
            w.println((last ? t.last() : t.branch()) + l.get("name") + "  " + l.get("kind") + "  " + painted
                    + (l.get("master") == null ? "" : "  master " + l.get("master"))
                    + (l.get("shaping") == null ? "" : "  shaped " + ((Map<String, Object>) l.get("shaping")).get("summary")
                    + " (" + ((Map<String, Object>) l.get("shaping")).get("qdisc") + ")"));
            List<String> addresses = (List<String>) l.get("addresses");
            for (int j = 0; j < addresses.size(); j++) {
                w.println((last ? t.blank() : t.through()) + (j == addresses.size() - 1 ? t.last() : t.branch()) + addresses.get(j));
            }
        }
        if (!routes.isEmpty()) {
            w.println(t.last() + "routes");
            for (int j = 0; j < routes.size(); j++) {
                Map<String, Object> r = routes.get(j);
                w.println(t.blank() + (j == routes.size() - 1 ? t.last() : t.branch()) + r.get("destination")
                        + (r.get("via") == null ? "" : " via " + r.get("via")) + (r.get("dev") == null ? "" : " dev " + r.get("dev")));
            }
        }
    }

    private static String onOff(Object on) {
        return Boolean.TRUE.equals(on) ? "on" : "off";
    }
}
