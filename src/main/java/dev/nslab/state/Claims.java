package dev.nslab.state;

import dev.nslab.model.Ownership;
import dev.nslab.netns.NamedNamespaces;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A lab's journal checked against what exists now: which of the namespaces it names are really
 * the lab's. A name is not proof: a run killed after announcing a namespace but before making it
 * leaves a claim on a name that someone may take later ({@code ip netns add}), and a second lab
 * may take over a half-made namespace of the first. So a namespace is the lab's only while
 * /run/netns/NAME is the namespace whose identity (nsfs device and inode) the lab recorded when
 * it made it ({@link JournalRecord.NamespaceMade}).
 *
 * @param owned        the journal's claims, with only the namespaces that are the lab's (or absent now)
 * @param notMade      names the journal claims that are namespaces the lab did not make (or not namespaces at all)
 * @param placeholders names the journal claims that are only the empty file a namespace is bound
 *                     onto: what a run killed between the two steps leaves
 */
public record Claims(Ownership owned, List<String> notMade, List<String> placeholders) {
    static Claims check(String lab, List<JournalRecord> records) {
        Ownership claimed = Journal.ownership(lab, records);
        Map<String, JournalRecord.NamespaceMade> made = Journal.made(records);
        Set<String> owned = new LinkedHashSet<>();
        List<String> notMade = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        for (String ns : claimed.namespaces()) {
            if (!NamedNamespaces.exists(ns)) {
                owned.add(ns); // nothing carries the name: harmless
            } else if (NamedNamespaces.isPlaceholder(ns)) {
                placeholders.add(ns);
            } else {
                NamedNamespaces.Identity now = NamedNamespaces.identity(ns);
                JournalRecord.NamespaceMade m = made.get(ns);
                if (now != null && m != null && now.dev() == m.dev() && now.ino() == m.ino()) {
                    owned.add(ns);
                } else {
                    notMade.add(ns);
                }
            }
        }
        return new Claims(new Ownership(lab, owned, claimed.hostLinks()), List.copyOf(notMade), List.copyOf(placeholders));
    }

    /** Why a claimed namespace is left alone, for a warning. */
    public String whyLeft(String ns) {
        return "namespace " + ns + " is named by the journal of lab " + owned.lab() + ", but lab " + owned.lab()
                + " did not make the namespace that has that name now: left as it is (ip netns del " + ns
                + " removes it, if it is yours to remove)";
    }
}
