package dev.nslab.apply;

import dev.nslab.model.Namespace;
import dev.nslab.state.Labs;
import dev.nslab.model.Ownership;
import dev.nslab.model.Shape;
import dev.nslab.netlink.LinkEntry;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NetlinkException;
import dev.nslab.netlink.TcEntry;
import dev.nslab.netlink.TcRequests;
import dev.nslab.netlink.nl.Tc;
import dev.nslab.netns.InNamespace;
import dev.nslab.netns.NamedNamespaces;
import dev.nslab.netns.NetnsHandle;

import java.util.Optional;

/**
 * Shapes one interface of a lab that is up, without its script: {@code nslab shape} and
 * {@code Lab.shape}, for tests and demos that change a link between two assertions. The journal
 * is not written: the script stays the truth, and the next {@code up} puts its words back.
 */
public final class RuntimeShaping {
    private RuntimeShaping() {
    }

    /**
     * Puts {@code shape} on {@code dev} in {@code namespace} ({@code "host"} for one of the lab's
     * host links), replacing its root qdisc; {@link Shape#NONE} removes a tbf or netem there.
     * <p>Equivalent to: {@code tc -n $namespace qdisc replace dev $dev root $qdisc} (or {@code qdisc del})
     *
     * @return what was done, as the tc line
     * @throws IllegalArgumentException when the words do not go together (a usage error)
     * @throws ApplyException           when the lab, namespace or interface is not there, or the kernel refuses
     */
    public static String shape(String lab, String namespace, String dev, Shape shape) {
        String problem = shape.problem();
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (!Labs.labs().contains(lab)) {
            throw new ApplyException("no lab '" + lab + "' is up (nslab list shows the labs that are)");
        }
        Ownership owned = Labs.claims(lab).owned(); // its namespaces as the lab made them, not as the journal names them
        boolean ours = Namespace.isHost(namespace) ? owned.hostLinks().contains(dev) : owned.namespaces().contains(namespace);
        if (!ours) {
            throw new ApplyException(Namespace.isHost(namespace)
                    ? "link '" + dev + "' in the host was not made by lab '" + lab + "'"
                    : "namespace '" + namespace + "' is not one of lab '" + lab + "'s");
        }
        if (Namespace.isHost(namespace)) {
            try (Netlink nl = Netlink.open()) {
                if (!nl.linkByName(dev).map(l -> owned.aliasTag().equals(l.alias())).orElse(true)) {
                    throw new ApplyException("link '" + dev + "' in the host does not carry lab '" + lab + "'s mark (alias "
                            + owned.aliasTag() + "): it was not made by lab '" + lab + "'");
                }
                return shape(nl, namespace, dev, shape);
            }
        }
        try (NetnsHandle h = NamedNamespaces.open(namespace); Netlink nl = InNamespace.call(h, Netlink::open)) {
            return shape(nl, namespace, dev, shape);
        }
    }

    private static String shape(Netlink nl, String namespace, String dev, Shape shape) {
        LinkEntry link = nl.linkByName(dev).orElseThrow(() -> new ApplyException(
                "no interface '" + dev + "' in " + Namespace.describe(namespace)));
        LinkRef ref = LinkRef.byIndex(link.index(), dev);
        String tc = "tc" + (Namespace.isHost(namespace) ? "" : " -n " + namespace) + " qdisc ";
        try {
            if (shape.isNone()) {
                Optional<TcEntry> root = nl.qdiscList(dev).stream().filter(TcEntry::isRoot).findFirst();
                if (root.isPresent() && (root.get().kind().equals("tbf") || root.get().kind().equals("netem"))) {
                    nl.execute(TcRequests.qdiscDel(ref, Tc.TC_H_ROOT, 0));
                    return tc + "del dev " + dev + " root";
                }
                return "# " + dev + " was not shaped";
            }
            nl.execute(TcRequests.qdiscReplace(ref, Tc.TC_H_ROOT, 0, Qdiscs.options(shape)));
            return tc + "replace dev " + dev + " root " + shape.tcArguments();
        } catch (NetlinkException e) {
            if (e.isUnknownQdiscKind()) {
                String kind = shape.qdisc();
                throw new ApplyException("this kernel has no " + kind + " qdisc (kernel module sch_" + kind + "): "
                        + e.getMessage() + ". Load it (modprobe sch_" + kind + "), or use a kernel built with it", e);
            }
            throw new ApplyException(tc + (shape.isNone() ? "del" : "replace") + " dev " + dev + " failed: " + e.getMessage(), e);
        }
    }
}
