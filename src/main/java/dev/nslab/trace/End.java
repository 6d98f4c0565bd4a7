package dev.nslab.trace;

/** An interface: its namespace and name. */
public record End(String ns, String name) {
    @Override
    public String toString() {
        return name + " (" + ns + ")";
    }
}
