package dev.nslab.dsl;

import dev.nslab.model.Namespace;
import dev.nslab.model.SourceLocation;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.runtime.InvokerInvocationException;

import java.io.FileNotFoundException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains what ended a script's evaluation as a {@link DslException} at the script line where
 * it happened: an unknown word (with the word it probably meant), a word given the wrong
 * arguments, a file the script reads that is not there (named, not the script), a recursion
 * or an allocation without end, or any exception of the script's own code.
 */
final class ScriptFailures {
    /** {@link FileNotFoundException}'s message: {@code PATH (REASON)}. */
    private static final Pattern FILE_NOT_FOUND = Pattern.compile("(.*) \\((.*)\\)");

    private ScriptFailures() {
    }

    /** Blames an exception thrown while the script ran on the innermost script line in its stack. */
    static DslException explain(Recorder recorder, NslabScript script, Throwable thrown) {
        Throwable e = thrown;
        while (e instanceof InvokerInvocationException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DslException dsl) {
            return dsl;
        }
        recorder.explain(thrown);
        SourceLocation at = recorder.lineIn(e.getStackTrace());
        String message = null;
        if (e instanceof MissingMethodException missing) {
            message = unknownWord(recorder, script, missing.getType(), missing.getMethod(), missing.getArguments());
        } else if (e instanceof MissingPropertyException missing && missing.getType() != null) {
            message = unknownWord(recorder, script, missing.getType(), missing.getProperty(), null);
        } else if (e instanceof StackOverflowError) {
            message = "the script recursed too deeply (StackOverflowError): does a function call itself without end?";
        } else if (e instanceof OutOfMemoryError oom) {
            message = "the script ran out of memory (OutOfMemoryError: " + oom.getMessage() + "): a lab script only"
                    + " declares the lab; is something growing without end?";
        } else if (e instanceof NoSuchFileException missing) {
            message = cannotRead(missing.getFile(), "no such file");
        } else if (e instanceof FileSystemException failed && failed.getFile() != null) {
            message = cannotRead(failed.getFile(), failed.getReason() == null ? e.getClass().getSimpleName() : failed.getReason());
        } else if (e instanceof FileNotFoundException missing && missing.getMessage() != null) {
            Matcher m = FILE_NOT_FOUND.matcher(missing.getMessage());
            message = m.matches() ? cannotRead(m.group(1), m.group(2)) : cannotRead(missing.getMessage(), "no such file");
        }
        if (message == null) {
            message = e instanceof AssertionError ? String.valueOf(e.getMessage())
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
        }
        return new DslException(at, message, e);
    }

    /** A file the script reads is missing or unreadable: name that file, and where a relative name was looked for. */
    private static String cannotRead(String file, String reason) {
        Path p = Paths.get(file);
        return "the script cannot read " + file + ": " + reason
                + (p.isAbsolute() ? "" : " (looked for in " + Paths.get("").toAbsolutePath() + ")");
    }

    /**
     * @param arguments the arguments of a missing method, or null for a missing property
     * @return the message for a word the script used but the receiver does not have,
     *         or null if the receiver is not part of the DSL
     */
    private static String unknownWord(Recorder recorder, NslabScript script, Class<?> type, String word,
                                      Object[] arguments) {
        Class<?> wordsOf;
        String in;
        Set<String> candidates;
        if (type.isInstance(script)) {
            wordsOf = script.getClass();
            String ns = recorder.namespaceAtFailure();
            in = Namespace.isHost(ns) ? "" : " in namespace '" + ns + "'";
            candidates = Words.names(wordsOf);
        } else {
            Spec subject = recorder.subject(type);
            if (subject == null) {
                return null;
            }
            wordsOf = subject.getClass();
            in = " in " + subject.describe();
            candidates = Words.names(wordsOf);
            if (recorder.inBlock(subject) && Words.closest(word, candidates) == null) {
                // Inside a block, the script's words resolve too (DELEGATE_FIRST falls back to the owner).
                candidates = new TreeSet<>(Words.names(script.getClass()));
            }
        }
        boolean known = Words.names(wordsOf).contains(word);
        if (known && arguments == null) {
            return Words.hasNoArgumentForm(wordsOf, word)
                    ? "'" + word + "'" + in + " needs parentheses: " + word + "()"
                    : "'" + word + "'" + in + " needs arguments " + Words.signatures(wordsOf, word);
        }
        if (known) {
            return "'" + word + "'" + in + " takes " + Words.signatures(wordsOf, word) + ", not "
                    + Words.argumentTypes(arguments) + howToWrite(word, arguments);
        }
        String suggestion = Words.closest(word, candidates);
        String what = arguments == null && type.isInstance(script) ? "unknown variable or word '" : "unknown word '";
        return what + word + "'" + in + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }

    /** For the words whose arguments are most often given wrong: how they are written. */
    private static String howToWrite(String word, Object[] arguments) {
        String first = arguments.length > 0 && arguments[0] instanceof CharSequence c ? "'" + c + "'" : null;
        String second = arguments.length > 1 && arguments[1] instanceof CharSequence c ? "'" + c + "'" : null;
        return switch (word) {
            case "ping", "noPing" -> ": write " + word + " " + (first == null ? "'NAMESPACE'" : first) + " to "
                    + (second == null ? "'ADDRESS'" : second);
            case "sysctl" -> ": write sysctl " + (first == null ? "'KEY'" : first) + ", VALUE (with a comma)";
            default -> "";
        };
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }
}
