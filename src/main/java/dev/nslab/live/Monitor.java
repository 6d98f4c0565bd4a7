package dev.nslab.live;

import dev.nslab.netlink.AddressEntry;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NetlinkOverrunException;
import dev.nslab.netlink.NetlinkSocket;
import dev.nslab.netlink.NetlinkSubscription;
import dev.nslab.netlink.RouteEntry;
import dev.nslab.netlink.nl.AddrMessage;
import dev.nslab.netlink.nl.LinkMessage;
import dev.nslab.netlink.nl.NlMessage;
import dev.nslab.netlink.nl.RouteMessage;
import dev.nslab.netlink.nl.Rtnl;
import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Watches named namespaces come and go ({@code add NAME}, {@code delete NAME}, from inotify on
 * /run/netns, as {@code ip netns monitor} does) and, with {@code all}, the link, address and
 * route events of every named namespace, each line tagged {@code [NS]}.
 * <p>
 * One subscription socket per namespace, opened inside it on a fresh thread. A subscription
 * socket holds its namespace alive, so it is closed as soon as the name disappears. When the
 * kernel drops events (ENOBUFS) the gap is reported and the namespace's state is dumped again
 * ({@code [NS] events lost (ENOBUFS): resynchronised: ...}); a lost inotify event (overflow) makes
 * the list of names be read again.
 */
public final class Monitor implements AutoCloseable {
    private static final int POLL_MILLIS = 100;
    private static final long SUBSCRIBE_RETRY_MILLIS = 2_000;

    private final boolean all;
    private final int receiveBuffer;
    private final Consumer<String> out;
    private final TreeSet<String> known = new TreeSet<>();
    private final Map<String, NetlinkSubscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, Map<Integer, String>> linkNames = new HashMap<>();
    private final Map<String, Long> pending = new LinkedHashMap<>();
    private final WatchService watcher;

    /**
     * @param all           also link, address and route events of every named namespace
     * @param receiveBuffer SO_RCVBUF of each subscription (tests force it tiny to provoke ENOBUFS)
     * @param out           receives one line per event
     */
    public Monitor(boolean all, int receiveBuffer, Consumer<String> out) {
        this.all = all;
        this.receiveBuffer = receiveBuffer;
        this.out = out;
        Path dir = Paths.get(NamedNamespaces.RUN_DIR);
        try {
            Files.createDirectories(dir);
            watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir + ": " + e.getMessage(), e);
        }
        for (String ns : NamedNamespaces.list()) {
            known.add(ns);
            if (all) {
                pending.put(ns, System.currentTimeMillis() + SUBSCRIBE_RETRY_MILLIS);
            }
        }
        subscribePending();
    }

    /** The default receive buffer of a subscription. */
    public static int defaultReceiveBuffer() {
        return NetlinkSocket.DEFAULT_RECEIVE_BUFFER;
    }

    /** The namespaces whose events are being received now. */
    public List<String> subscribed() {
        return new ArrayList<>(subscriptions.keySet());
    }

    /**
     * Reports events until {@code stop} says so (checked at least every 100 ms).
     * <p>Equivalent to: {@code ip netns monitor}, and with {@code all}, {@code ip -n NS monitor
     * link address route} for every named namespace at once.
     */
    public void run(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            step(POLL_MILLIS);
        }
    }

    /** One round: waits up to {@code waitMillis} for events and reports them. */
    public void step(int waitMillis) {
        List<NetlinkSubscription> ready = NetlinkSubscription.awaitAny(new ArrayList<>(subscriptions.values()), waitMillis);
        for (var e : new ArrayList<>(subscriptions.entrySet())) {
            if (ready.contains(e.getValue())) {
                drain(e.getKey(), e.getValue());
            }
        }
        namespaces();
        subscribePending();
    }

    private void namespaces() {
        WatchKey key = watcher.poll();
        if (key == null) {
            return;
        }
        boolean overflow = false;
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
                continue;
            }
            String name = ev.context().toString();
            if (ev.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                added(name);
            } else {
                deleted(name);
            }
        }
        key.reset();
        if (overflow) {
            out.accept("namespace events lost (inotify overflow): list read again");
            TreeSet<String> now = new TreeSet<>(NamedNamespaces.list());
            new ArrayList<>(known).stream().filter(n -> !now.contains(n)).forEach(this::deleted);
            now.stream().filter(n -> !known.contains(n)).forEach(this::added);
        }
    }

    private void added(String name) {
        if (known.add(name)) {
            out.accept("add " + name);
            if (all) {
                pending.put(name, System.currentTimeMillis() + SUBSCRIBE_RETRY_MILLIS);
            }
        }
    }

    private void deleted(String name) {
        if (known.remove(name)) {
            out.accept("delete " + name);
        }
        pending.remove(name);
        linkNames.remove(name);
        NetlinkSubscription s = subscriptions.remove(name);
        if (s != null) {
            s.close(); // the socket would keep the namespace alive
        }
    }

    /**
     * Subscribes to namespaces seen recently. A new name appears (inotify IN_CREATE) just before
     * the namespace is bound onto it, so opening is retried for a short while.
     */
    private void subscribePending() {
        for (var e : new ArrayList<>(pending.entrySet())) {
            String ns = e.getKey();
            try (NetnsHandle h = NamedNamespaces.open(ns)) {
                NetlinkSubscription sub = InNamespace.call(h, () -> NetlinkSubscription.open(
                        NetlinkSubscription.LINKS_ADDRESSES_ROUTES, receiveBuffer));
                subscriptions.put(ns, sub);
                pending.remove(ns);
                linkNames.put(ns, linkIndex(h));
            } catch (RuntimeException notYet) {
                if (System.currentTimeMillis() > e.getValue()) {
                    pending.remove(ns);
                    out.accept("[" + ns + "] cannot watch: " + notYet.getMessage());
                }
            }
        }
    }

    private static Map<Integer, String> linkIndex(NetnsHandle h) {
        Map<Integer, String> names = new HashMap<>();
        try (Netlink nl = InNamespace.call(h, Netlink::open)) {
            nl.linkList().forEach(l -> names.put(l.index(), l.name()));
        }
        return names;
    }

    private void drain(String ns, NetlinkSubscription sub) {
        while (true) {
            List<NlMessage> events;
            try {
                events = sub.poll(0);
            } catch (NetlinkOverrunException lost) {
                resync(ns);
                continue;
            }
            if (events.isEmpty()) {
                return;
            }
            events.forEach(m -> out.accept("[" + ns + "] " + describe(ns, m)));
        }
    }

    private void resync(String ns) {
        try (NetnsHandle h = NamedNamespaces.open(ns); Netlink nl = InNamespace.call(h, Netlink::open)) {
            List<LinkEntry> links = nl.linkList();
            Map<Integer, String> names = new HashMap<>();
            links.forEach(l -> names.put(l.index(), l.name()));
            linkNames.put(ns, names);
            int addresses = nl.addrList().size();
            int routes = nl.routeList().size();
            out.accept("[" + ns + "] events lost (ENOBUFS): resynchronised: " + dev.nslab.model.Counts.of(links.size(), "link") + ", "
                    + dev.nslab.model.Counts.of(addresses, "address") + ", " + dev.nslab.model.Counts.of(routes, "route"));
        } catch (RuntimeException e) {
            out.accept("[" + ns + "] events lost (ENOBUFS), and the state could not be read again: " + e.getMessage());
        }
    }

    private String describe(String ns, NlMessage m) {
        int type = m.header().type();
        Map<Integer, String> names = linkNames.computeIfAbsent(ns, k -> new HashMap<>());
        if (m instanceof LinkMessage lm) {
            LinkEntry l = LinkEntry.of(lm);
            if (type == Rtnl.RTM_DELLINK) {
                names.remove(l.index());
                return "link del " + l.name();
            }
            names.put(l.index(), l.name());
            return "link " + l.name() + (l.kind() == null ? "" : " " + l.kind()) + " " + (l.isUp() ? "UP" : "DOWN")
                    + (l.hasLowerUp() ? " LOWER_UP" : "") + " state " + l.operstate();
        }
        if (m instanceof AddrMessage am) {
            AddressEntry a = AddressEntry.of(am);
            return "addr " + (type == Rtnl.RTM_DELADDR ? "del " : "add ") + a.cidr() + " dev "
                    + names.getOrDefault(a.index(), "#" + a.index());
        }
        if (m instanceof RouteMessage rm) {
            RouteEntry r = RouteEntry.of(rm);
            String dst = r.dst() == null ? (r.family() == Rtnl.AF_INET6 ? "::/0" : "default") : r.dst().getHostAddress() + "/" + r.dstLen();
            return "route " + (type == Rtnl.RTM_DELROUTE ? "del " : "add ") + dst
                    + (r.gateway() == null ? "" : " via " + r.gateway().getHostAddress())
                    + (r.oif() == 0 ? "" : " dev " + names.getOrDefault(r.oif(), "#" + r.oif()))
                    + (r.table() == 254 ? "" : " table " + r.table());
        }
        return Rtnl.messageTypeName(type);
    }

    @Override
    public void close() {
        subscriptions.values().forEach(NetlinkSubscription::close);
        subscriptions.clear();
        try {
            watcher.close();
        } catch (IOException ignored) {
            // closing on the way out; nothing left to report it to
        }
    }
}
