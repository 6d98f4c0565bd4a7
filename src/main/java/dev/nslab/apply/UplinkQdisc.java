package dev.nslab.apply;

import dev.nslab.model.Shape;
import dev.nslab.state.UplinkOrigin;
import dev.nslab.netlink.LinkRef;
import dev.nslab.netlink.Netlink;
import dev.nslab.netlink.NetlinkException;
import dev.nslab.netlink.TcEntry;
import dev.nslab.netlink.TcRequests;
import dev.nslab.netlink.nl.Tbf;
import dev.nslab.netlink.nl.Tc;
import dev.nslab.netlink.nl.TcOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Gives an uplink back the root qdisc it had before the lab shaped it, as its journal line
 * recorded it ({@link UplinkOrigin#qdisc()}): a tbf or netem it had is put back with its numbers;
 * any other kind was the kernel's choice, which deleting the lab's qdisc restores.
 */
final class UplinkQdisc {
    private static final Logger LOG = LoggerFactory.getLogger(UplinkQdisc.class);

    private UplinkQdisc() {
    }

    static void giveBack(UplinkOrigin origin, Netlink host, LinkRef dev) {
        if (origin.qdisc() == null) {
            return;
        }
        try {
            Optional<TcEntry> now = host.qdiscList(dev.name()).stream().filter(TcEntry::isRoot).findFirst();
            String kind = origin.qdisc().split(" ", 2)[0];
            if (kind.equals("tbf") || kind.equals("netem")) {
                host.execute(TcRequests.qdiscReplace(dev, Tc.TC_H_ROOT, 0, options(origin.qdisc())));
            } else if (now.isPresent() && (now.get().kind().equals("tbf") || now.get().kind().equals("netem"))) {
                host.execute(TcRequests.qdiscDel(dev, Tc.TC_H_ROOT, 0));
            }
        } catch (NetlinkException | IllegalArgumentException e) {
            LOG.warn("giving back uplink {}'s qdisc ({}): {}", origin.name(), origin.qdisc(), e.getMessage());
        }
    }

    /** The options the journal recorded: {@code tbf WORDS limit BYTES} or {@code netem WORDS}. */
    static TcOptions options(String recorded) {
        String[] kindAndWords = recorded.split(" ", 2);
        String words = kindAndWords.length > 1 ? kindAndWords[1] : "";
        if (kindAndWords[0].equals("tbf")) {
            int at = words.lastIndexOf(" limit ");
            Shape s = Shape.parseWords(words.substring(0, at));
            return Tbf.withLimit(s.rate() / 8, (int) (long) s.burst(), Integer.parseInt(words.substring(at + 7).strip()));
        }
        return Qdiscs.options(Shape.parseWords(words));
    }
}
