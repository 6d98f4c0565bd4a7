package dev.nslab.apply;

import dev.nslab.netns.Pins;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A namespace whose name was removed but that something outside nslab still holds alive:
 * names each holder and says what to do.
 */
public final class NamespacePinnedException extends ApplyException {
    private static final long serialVersionUID = 1L;

    NamespacePinnedException(String ns, List<Pins.Pin> pins) {
        super("namespace " + ns + " was unnamed but is still held alive, with its links:\n  "
                + pins.stream().map(Pins.Pin::toString).collect(Collectors.joining("\n  "))
                + "\nstop " + (pins.size() == 1 ? "that process" : "those processes")
                + " or make it let go (close the fd, umount the copy), then run the same command again");
    }
}
