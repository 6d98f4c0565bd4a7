package dev.nslab.dsl;

import dev.nslab.model.Namespace;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Topology;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.runtime.InvokerInvocationException;
import org.codehaus.groovy.syntax.SyntaxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a lab script into a validated {@link Topology}: compile (with
 * {@link NslabScript} as the script base class), evaluate, check completeness,
 * {@link Validator validate}. Every failure is a {@link DslException} that names the
 * script file and line, including Groovy syntax errors, unknown words and
 * exceptions thrown by the script's own code. Errors are reported in that order
 * of phases; within a phase, the first in the file.
 *
 * <p>Compiled scripts are cached in memory by content hash (the last 64, for every runner), so a long-running
 * caller (tests, {@code nslab check} in a loop) compiles each text once. There is
 * no disk cache on purpose: nslab runs as root, and loading bytecode from a cache
 * directory would make that directory a way to run code as root.
 *
 * <p>No {@code SecureASTCustomizer}: the script is the user's own code, run with
 * the user's privileges, and restricting Groovy would break plain-Groovy scripts
 * (loops, functions, classes) without protecting anything.
 */
public final class ScriptRunner {

    /** The file name ending of lab scripts; the rest of the name is the default lab name. */
    static final String SUFFIX = ".netns.groovy";

    /** How many compiled scripts are kept; the least recently used beyond that are forgotten. */
    private static final int CACHE_SIZE = 64;
    /**
     * Compiled scripts by content hash, shared by every runner: a library user calls
     * {@code Nslab.up} with a new runner each time, and a class compiled per call is never
     * unloaded while Groovy's metaclass registry knows it (30 cycles of one lab grew the heap by
     * 18 MiB and 380 classes).
     * Bounded, and an evicted class is removed from the registry so that it can be unloaded.
     */
    private static final Map<String, Class<? extends NslabScript>> COMPILED = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Class<? extends NslabScript>> eldest) {
            if (size() > CACHE_SIZE) {
                InvokerHelper.removeClass(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    /**
     * Loads the script in {@code file}; messages name the file as given.
     *
     * @throws IOException  if the file cannot be read
     * @throws DslException if the script is wrong
     */
    public Topology load(Path file) throws IOException {
        return load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Loads a script from text.
     *
     * @param fileName the name messages give the script, and (without {@value #SUFFIX})
     *                 the default lab name
     * @param text     the script
     * @throws DslException if the script is wrong
     */
    public Topology load(String fileName, String text) {
        String className = "nslab_" + sha256(text).substring(0, 32);
        String sourceName = className + ".groovy";
        Class<? extends NslabScript> type;
        synchronized (COMPILED) {
            type = COMPILED.get(className);
        }
        if (type == null) {
            Class<? extends NslabScript> made = compile(fileName, sourceName, text);
            synchronized (COMPILED) {
                type = COMPILED.putIfAbsent(className, made);
                type = type == null ? made : type;
            }
        }
        Recorder recorder = new Recorder(fileName, sourceName);
        NslabScript script = (NslabScript) InvokerHelper.createScript(type, new Binding());
        script.attach(recorder);
        try {
            script.run();
        } catch (DslException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            throw translate(recorder, script, e);
        }
        Topology topology = recorder.toTopology();
        Validator.check(topology);
        return topology;
    }

    private static Class<? extends NslabScript> compile(String fileName, String sourceName, String text) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(NslabScript.class.getName());
        config.setSourceEncoding(StandardCharsets.UTF_8.name());
        GroovyClassLoader loader = new GroovyClassLoader(NslabScript.class.getClassLoader(), config);
        GroovyCodeSource source = new GroovyCodeSource(text, sourceName, "/groovy/script");
        // The loader's own cache is keyed by name; ours is keyed by content.
        source.setCachable(false);
        try {
            Class<?> parsed = loader.parseClass(source);
            return parsed.asSubclass(NslabScript.class);
        } catch (MultipleCompilationErrorsException e) {
            Message first = e.getErrorCollector().getError(0);
            if (first instanceof SyntaxErrorMessage syntax) {
                SyntaxException cause = syntax.getCause();
                throw new DslException(new SourceLocation(fileName, Math.max(cause.getStartLine(), 0)),
                        firstLine(cause.getOriginalMessage()), e);
            }
            String message = first instanceof ExceptionMessage ex ? ex.getCause().getMessage()
                    : first instanceof SimpleMessage simple ? simple.getMessage() : e.getMessage();
            throw new DslException(new SourceLocation(fileName, 0), firstLine(message), e);
        } catch (CompilationFailedException e) {
            throw new DslException(new SourceLocation(fileName, 0), firstLine(e.getMessage()), e);
        }
    }

    /** Blames an exception thrown while the script ran on the innermost script line in its stack. */
    private static DslException translate(Recorder recorder, NslabScript script, Throwable thrown) {
        Throwable e = thrown;
        while (e instanceof InvokerInvocationException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof DslException dsl) {
            return dsl;
        }
        recorder.explain(thrown);
        SourceLocation at = new SourceLocation(recorder.file(), 0);
        for (StackTraceElement frame : e.getStackTrace()) {
            if (recorder.sourceName().equals(frame.getFileName()) && frame.getLineNumber() > 0) {
                at = new SourceLocation(recorder.file(), frame.getLineNumber());
                break;
            }
        }
        String message = null;
        if (e instanceof MissingMethodException missing) {
            message = unknownWord(recorder, script, missing.getType(), missing.getMethod(), missing.getArguments());
        } else if (e instanceof MissingPropertyException missing && missing.getType() != null) {
            message = unknownWord(recorder, script, missing.getType(), missing.getProperty(), null);
        }
        if (message == null) {
            message = e instanceof AssertionError ? String.valueOf(e.getMessage())
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()));
        }
        return new DslException(at, message, e);
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
                    + Words.argumentTypes(arguments);
        }
        String suggestion = Words.closest(word, candidates);
        String what = arguments == null && type.isInstance(script) ? "unknown variable or word '" : "unknown word '";
        return what + word + "'" + in + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
