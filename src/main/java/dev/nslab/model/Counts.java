package dev.nslab.model;

/**
 * Counts as a reader says them: "1 link", "2 links", "0 processes". Every summary that counts
 * (up, down, plan, show, sandbox, delete) goes through here, so none says "1 links".
 */
public final class Counts {
    private Counts() {
    }

    /**
     * @param singular the noun for one, e.g. {@code link}, {@code process}, {@code address}
     * @return {@code n} and the noun, plural unless {@code n} is 1: {@code -s}, or {@code -es} after s, x, ch, sh
     */
    public static String of(long n, String singular) {
        return n + " " + (n == 1 ? singular : plural(singular));
    }

    static String plural(String singular) {
        if (singular.endsWith("s") || singular.endsWith("x") || singular.endsWith("ch") || singular.endsWith("sh")) {
            return singular + "es";
        }
        return singular + "s";
    }
}
