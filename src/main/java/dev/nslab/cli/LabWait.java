package dev.nslab.cli;

import java.time.Duration;

/** The {@code --wait SECONDS} of the commands that change a lab: how long to wait for another run of it. */
final class LabWait {
    private LabWait() {
    }

    static Duration of(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("--wait " + seconds + ": give the seconds to wait, 0 or more");
        }
        return Duration.ofSeconds(seconds);
    }
}
