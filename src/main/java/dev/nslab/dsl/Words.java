package dev.nslab.dsl;

import groovy.lang.Closure;
import groovy.lang.GString;
import groovy.lang.GroovyObject;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The DSL words of a builder or of the script, found by reflection (a builder's
 * public methods are its words; a script's are the top-level words and its own functions), for "did you mean" and "takes (int)" messages.
 */
final class Words {

    private Words() {
    }

    /** @return the public methods that are words of {@code type}: a {@link Spec} or a script */
    static List<Method> methods(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> !m.isSynthetic() && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> !isGroovyObjectMethod(m))
                .filter(m -> Spec.class.isAssignableFrom(m.getDeclaringClass())
                        || m.getDeclaringClass() == NslabScript.class
                        || m.getDeclaringClass() == Declarations.class
                        || isScriptFunction(m))
                .toList();
    }

    /** getProperty, getMetaClass...: Groovy's plumbing, not words. */
    private static boolean isGroovyObjectMethod(Method m) {
        try {
            GroovyObject.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A function the script itself defines, so that its callers' typos get suggestions too. */
    private static boolean isScriptFunction(Method m) {
        Class<?> owner = m.getDeclaringClass();
        return NslabScript.class.isAssignableFrom(owner) && owner != NslabScript.class
                && !m.getName().equals("run") && !m.getName().startsWith("$");
    }

    /** @return the names of the words of {@code type}, sorted */
    static Set<String> names(Class<?> type) {
        return methods(type).stream().map(Method::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    /** @return the signatures of word {@code name} of {@code type}, like {@code (String) or (String, Closure)} */
    static String signatures(Class<?> type, String name) {
        // getMethods() has no defined order; sort so that messages are stable.
        return methods(type).stream().filter(m -> m.getName().equals(name))
                .sorted(Comparator.comparingInt(Method::getParameterCount).thenComparing(Words::signature))
                .map(Words::signature).distinct()
                .collect(Collectors.joining(" or "));
    }

    private static String signature(Method m) {
        return Arrays.stream(m.getParameters())
                .map(p -> p.isVarArgs() ? p.getType().getComponentType().getSimpleName() + "..."
                        : p.getType().getSimpleName())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** @return true if {@code type} has word {@code name} without parameters */
    static boolean hasNoArgumentForm(Class<?> type, String name) {
        return methods(type).stream().anyMatch(m -> m.getName().equals(name) && m.getParameterCount() == 0);
    }

    /** @return the argument types as a script author would name them, like {@code (String, Closure)} */
    static String argumentTypes(Object[] args) {
        return Arrays.stream(args)
                .map(a -> a == null ? "null" : a instanceof Closure ? "Closure"
                        : a instanceof GString ? "GString" : a.getClass().getSimpleName())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Words of other tools for what nslab names otherwise: iproute2's {@code gw} and {@code ns},
     * a reader's {@code address}. Suggested when the receiver has the word they stand for.
     */
    private static final Map<String, List<String>> SYNONYMS = Map.of(
            "gw", List.of("via"), "gateway", List.of("via"),
            "ns", List.of("netns", "namespace"), "namespace", List.of("netns"), "netnamespace", List.of("netns"),
            "address", List.of("addr"), "ip", List.of("addr"), "ipaddr", List.of("addr"),
            "device", List.of("dev"), "interface", List.of("dev"));

    /**
     * @return the candidate {@code word} most likely stands for: a word of another tool for it
     *         ({@link #SYNONYMS}), or one it is a likely typo of (one edit for words of up to
     *         four letters, two for longer ones; swapping two neighbouring letters is one edit);
     *         else null
     */
    static String closest(String word, Collection<String> candidates) {
        for (String synonym : SYNONYMS.getOrDefault(word.toLowerCase(Locale.ROOT), List.of())) {
            if (candidates.contains(synonym)) {
                return synonym;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return bestDistance <= (word.length() <= 4 ? 1 : 2) ? best : null;
    }

    /** Optimal string alignment distance: Levenshtein plus transpositions of neighbours. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
