package dev.nslab.doctor;

import dev.nslab.check.Expectations;
import dev.nslab.check.TcpConnect;
import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Namespace;
import dev.nslab.model.Topology;
import dev.nslab.trace.Loss;
import dev.nslab.trace.PacketTracer;

import java.util.Optional;

/**
 * Why a {@code connect} fails: it is tried (as {@code check} does), and the way it failed says
 * where to look. A reset means the path works and nothing listens on the port; an unreachable or
 * a silence is followed hop by hop as a ping would be ({@link PacketTracer}), and a path that works
 * for ping but stays silent for TCP points at a filter.
 */
final class ConnectFindings {
    private ConnectFindings() {
    }

    /** @return the finding, or empty when the connect succeeds now */
    static Optional<String> explain(Topology lab, Expectation e, PacketTracer tracer) {
        Expectations.Result r = Expectations.check(e);
        if (r.passed() || r.connect() == null) {
            return r.passed() ? Optional.empty() : Optional.of(e.kind().word() + " " + e.describeTarget() + ": " + r.detail());
        }
        String what = "connect '" + e.fromNamespace() + "' to " + e.describeTarget();
        TcpConnect.Attempt a = r.connect();
        if (a.outcome() == TcpConnect.Outcome.REFUSED) {
            String owner = ownerOf(lab, e);
            return Optional.of(what + " is refused: " + Addresses.format(e.target()) + " answered with a reset (RST), so the"
                    + " path works, but nothing listens on TCP port " + e.port() + (owner == null ? "" : " in " + owner)
                    + ": start the server there (spawn 'NAME', ... ready 'tcp:" + e.port() + "'), or connect to the port it listens on");
        }
        Optional<Loss> loss = tracer.ping(e.fromNamespace(), e.target());
        if (loss.isPresent() && loss.get() instanceof Loss.Stated stated) {
            return Optional.of(what + " fails (" + a.detail() + "): " + stated.message());
        }
        if (a.outcome() == TcpConnect.Outcome.TIMED_OUT) {
            return Optional.of(what + " gets no answer (" + a.detail() + "); the routes and links on the way look right, so"
                    + " something filters TCP port " + e.port() + " (nft list ruleset / iptables -S in the namespaces on the way)");
        }
        return Optional.of(what + " fails: " + a.detail() + " (no route to " + Addresses.format(e.target()) + " from "
                + Namespace.describe(e.fromNamespace()) + ", or a router on the way answers unreachable:"
                + " add a route, e.g. route 'default' via 'GATEWAY' in namespace('" + e.fromNamespace() + "'))");
    }

    private static String ownerOf(Topology lab, Expectation e) {
        for (Namespace ns : lab.namespaces()) {
            for (LinkAttrs i : lab.interfacesIn(ns.name())) {
                if (i.addresses().stream().anyMatch(p -> p.address().equals(e.target()))) {
                    return Namespace.describe(ns.name());
                }
            }
        }
        return null;
    }
}
