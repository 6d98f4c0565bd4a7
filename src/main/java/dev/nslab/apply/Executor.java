package dev.nslab.apply;

import dev.nslab.apply.Translator.Phase;
import dev.nslab.apply.Translator.Step;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.LiveState;
import dev.nslab.model.Namespace;
import dev.nslab.model.Ownership;
import dev.nslab.model.Topology;
import dev.nslab.netlink.Batch;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NetlinkException;
import dev.nslab.netns.Faults;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NamespaceSysctl;
import dev.nslab.netns.Tuntap;
import dev.nslab.plan.Change;
import dev.nslab.plan.IpText;
import dev.nslab.plan.Plan;
import dev.nslab.state.Journal;
import dev.nslab.state.JournalRecord;
import dev.nslab.state.UplinkOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One execution of a plan: its steps phase by phase ({@link Phase}), each netlink phase one
 * batch per namespace, the namespaces' batches sent at once; what it created so far, to undo
 * when a step is refused. The requests come from the {@link Translator}; the outcomes are read
 * by {@link Outcomes}.
 */
final class Executor {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);

    private final Topology lab;
    private final Plan plan;
    private final LiveState live;
    private final Journal journal;
    private final Session s;
    private final Translator translator;
    private final List<String> createdNamespaces = new ArrayList<>();
    private final List<String> createdHostLinks = new ArrayList<>();
    private final List<String> recordedUplinks = new ArrayList<>();
    private int requests;

    Executor(Topology lab, Plan plan, LiveState live, Journal journal, Session s) {
        this.lab = lab;
        this.plan = plan;
        this.live = live;
        this.journal = journal;
        this.s = s;
        this.translator = new Translator(new Indexes(live), new Translator.World() {
            @Override
            public int nsFd(String namespace) {
                return s.handle(namespace).fd();
            }

            @Override
            public OptionalInt lookup(String namespace, String name) {
                return s.netlink(namespace).linkByName(name).map(l -> OptionalInt.of(l.index())).orElse(OptionalInt.empty());
            }
        });
    }

    /** Carries out the plan; returns how many requests (netlink, ioctl, /proc/sys writes) it made. */
    int execute() {
        try {
            recordedUplinks.addAll(Uplinks.recordOrigins(lab, live, journal));
            long t = System.nanoTime();
            for (Phase p : Phase.values()) {
                switch (p) {
                    case NAMESPACE_DEL -> removeNamespaces();
                    case NAMESPACE -> makeNamespaces();
                    case TAP -> makeTaps();
                    case SYSCTL -> sysctls();
                    case QDISC -> requests += Qdiscs.apply(plan, s::netlink, translator::index);
                    default -> send(p);
                }
                t = Timing.phase("up: " + p.done, t);
            }
            return requests;
        } catch (StateUnknownException e) {
            // Nothing was refused: what was sent is likely there, and the next up converges
            // (docs/kernel-facts.md, "Netlink": a lost ack is not a failed request).
            throw e;
        } catch (RuntimeException e) {
            undo(e);
            throw e;
        }
    }

    /** Sends one phase's steps, one batch per namespace; the first refusal stops the run. */
    private void send(Phase phase) {
        List<Step> steps = translator.translate(phase, plan.changes());
        if (steps.isEmpty()) {
            return;
        }
        Map<String, Batch<Change>> batches = new LinkedHashMap<>();
        String mark = Ownership.none(lab.labName()).aliasTag();
        for (Step step : steps) {
            Batch<Change> b = batches.computeIfAbsent(step.namespace(), ns -> s.netlink(ns).batch());
            b.add(step.request(), step.change());
            if (step.change() instanceof Change.LinkAdd a) {
                // Each host link gets the lab's mark (its alias) in the request right after the
                // one that makes it, in the same batch: the kernel handles a window of a batch
                // whole before a kill lands (docs/kernel-facts.md, "Files under /run/nslab").
                for (LinkAttrs end : a.link().ends()) {
                    if (Namespace.isHost(end.namespace())) {
                        createdHostLinks.add(end.name());
                        b.add(translator.ownerTag(end.name(), mark), a);
                    }
                }
            }
        }
        requests += Outcomes.run(batches, phase == Phase.REMOVE);
    }

    private void removeNamespaces() {
        for (Change.NamespaceDel d : plan.of(Change.NamespaceDel.class)) {
            s.release(d.namespace());
            NamespaceRemover.remove(d.namespace());
            journal.record(new JournalRecord.ForgetNamespace(d.namespace()));
        }
    }

    private void makeNamespaces() {
        List<String> names = plan.of(Change.NamespaceAdd.class).stream().map(Change::namespace).toList();
        if (names.isEmpty()) {
            return;
        }
        journal.record(names.stream().map(JournalRecord.Namespace::new).toList());
        var created = NamedNamespaces.createAll(names,
                (n, id) -> journal.record(new JournalRecord.NamespaceMade(n, id.dev(), id.ino())), n -> Netlink.open());
        for (var c : created) {
            String ns = c.handle().name();
            s.adopt(ns, c.handle(), c.inside());
            createdNamespaces.add(ns);
            translator.indexes().namespaceMade(ns);
        }
    }

    /**
     * Names in the journal every host link this run will make, before it makes any: a run
     * killed halfway leaves no host link that {@code down} would not know. Then the taps, made
     * through /dev/net/tun with an index the kernel chooses (docs/kernel-facts.md, "Links").
     */
    private void makeTaps() {
        journal.record(hostLinksToMake().stream().map(JournalRecord.Link::new).toList());
        String mark = Ownership.none(lab.labName()).aliasTag();
        for (Change.LinkAdd a : plan.of(Change.LinkAdd.class)) {
            if (Translator.phaseOf(a) != Phase.TAP) {
                continue;
            }
            String ns = a.namespace();
            String name = a.link().name();
            if (Namespace.isHost(ns)) {
                createdHostLinks.add(name);
            }
            try {
                // marked while the tap still dies with the fd that made it
                Tuntap.tapAdd(s.handle(ns), name, Namespace.isHost(ns)
                        ? () -> s.netlink(Namespace.HOST).execute(translator.ownerTag(name, mark)) : () -> { });
            } catch (RuntimeException e) {
                throw new ApplyException(a, IpText.command(a), "'" + IpText.command(a) + "' failed: " + e.getMessage(), e);
            }
            requests++;
            Faults.point("tap " + name + " made");
            translator.indexes().kernelChose(ns, name, s.netlink(ns).linkByName(name).orElseThrow().index());
        }
    }

    private List<String> hostLinksToMake() {
        return plan.of(Change.LinkAdd.class).stream().flatMap(a -> a.link().ends().stream())
                .filter(e -> Namespace.isHost(e.namespace())).map(LinkAttrs::name).toList();
    }

    private void sysctls() {
        for (Change.SysctlSet set : plan.of(Change.SysctlSet.class)) {
            try {
                NamespaceSysctl.write(s.handle(set.namespace()), set.sysctl().key(), set.sysctl().value());
                requests++;
                Faults.point("sysctl " + set.sysctl().key() + " in " + set.namespace());
            } catch (RuntimeException e) {
                throw new ApplyException(set, IpText.command(set), IpText.batchLine(set) + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Takes the system back to where this run began, as far as this run made it: uplinks it
     * first touched (and those in namespaces it made) are given back as they were, then the
     * host links and namespaces it created are removed, newest first. A journal left with
     * nothing in it is removed: the lab is not up. Changes to objects that existed before the
     * run (an address added to a link of a lab that was already up) stay: they are the
     * lab's, and the next {@code up} converges them. Failures here are added to the cause,
     * not thrown.
     */
    void undo(RuntimeException cause) {
        LOG.warn("undoing this run after: {}", cause.getMessage());
        try {
            List<UplinkOrigin> touched = journal.uplinks().stream()
                    .filter(o -> recordedUplinks.contains(o.name()) || createdNamespaces.contains(o.namespace())).toList();
            Uplinks.giveBack(touched, journal, s);
            Netlink host = s.netlink(Namespace.HOST);
            for (String name : createdHostLinks) {
                try {
                    host.linkDel(name);
                } catch (NetlinkException ignored) {
                    // a veth end goes with its peer's namespace (docs/kernel-facts.md, "Netlink")
                }
            }
            createdNamespaces.forEach(s::release);
            NamespaceRemover.removeAll(createdNamespaces);
            // The journal names what a step may make before it is taken: take back every name
            // this run announced that is not there now (made and removed, or never made).
            List<JournalRecord> forget = new ArrayList<>();
            List<String> present = NamedNamespaces.list();
            plan.of(Change.NamespaceAdd.class).stream().map(Change::namespace)
                    .filter(n -> createdNamespaces.contains(n) || !present.contains(n)).forEach(n -> forget.add(new JournalRecord.ForgetNamespace(n)));
            List<String> hostNow = host.linkList().stream().map(LinkEntry::name).toList();
            hostLinksToMake().stream()
                    .filter(n -> createdHostLinks.contains(n) || !hostNow.contains(n)).forEach(n -> forget.add(new JournalRecord.ForgetLink(n)));
            journal.record(forget);
            Ownership left = journal.ownership();
            if (left.namespaces().isEmpty() && left.hostLinks().isEmpty() && journal.uplinks().isEmpty()
                    && Spawns.tracked(lab.labName()).isEmpty()) {
                journal.delete();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
