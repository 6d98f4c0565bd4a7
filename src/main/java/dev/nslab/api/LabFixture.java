package dev.nslab.api;

/**
 * One lab's life in a test: up before, down after (whatever the test did), and, when asked,
 * a check that the host is exactly as it was before. Shared by the JUnit 5 and Spock extensions.
 */
public final class LabFixture {
    private final String location;
    private final boolean verifyNoResidue;
    private final boolean check;
    private final Class<?> owner;
    private HostSnapshot before;
    private Lab lab;

    /**
     * @param location        the script: a file relative to the working directory, or a classpath resource
     * @param verifyNoResidue whether {@link #down()} compares the host with how it was before {@link #up()}
     * @param owner           the test class (its class loader finds resources)
     */
    public LabFixture(String location, boolean verifyNoResidue, Class<?> owner) {
        this(location, verifyNoResidue, true, owner);
    }

    /**
     * @param check whether {@link #up()} runs the script's expectations and fails when one fails
     */
    public LabFixture(String location, boolean verifyNoResidue, boolean check, Class<?> owner) {
        this.location = location;
        this.verifyNoResidue = verifyNoResidue;
        this.check = check;
        this.owner = owner;
    }

    /**
     * Brings the lab up and returns it; then, unless asked not to, runs its expectations, as
     * {@code nslab up} does, and throws an {@link AssertionError} with their table when one fails
     * (the lab is up: {@link #down()} still takes it down).
     */
    public Lab up() {
        if (verifyNoResidue) {
            before = HostSnapshot.take();
        }
        lab = Nslab.upLocated(location, owner);
        if (check && !lab.topology().expectations().isEmpty()) {
            var results = lab.check();
            if (!dev.nslab.check.Expectations.allPassed(results)) {
                throw new AssertionError(this + ": the script's expectations failed after up"
                        + " (@NetnsLab(check = false) to run the test anyway):\n" + Lab.table(results));
            }
        }
        return lab;
    }

    /** @return the script, as given */
    public String location() {
        return location;
    }

    /** @return the lab, once {@link #up()} succeeded; else null */
    public Lab lab() {
        return lab;
    }

    /**
     * Takes the lab down (if it came up), then, with {@code verifyNoResidue}, throws an
     * {@link AssertionError} listing every difference from the host as it was before.
     */
    public void down() {
        try {
            if (lab != null) {
                lab.close();
            }
        } finally {
            if (before != null) {
                var differences = before.differencesTo(HostSnapshot.take());
                if (!differences.isEmpty()) {
                    throw new AssertionError("lab " + location + " left the host changed:\n  " + String.join("\n  ", differences));
                }
            }
        }
    }

    @Override
    public String toString() {
        return "@NetnsLab(\"" + location + "\")";
    }
}
