package dev.nslab.dsl;

import dev.nslab.model.Namespace;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Topology;
import groovy.lang.Binding;
import groovy.lang.GroovyClassLoader;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.tools.GroovyClass;
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
 * caller (tests, {@code nslab check} in a loop) compiles each text once. A runner made with a
 * {@link CompiledScriptCache} (the command line's) also keeps them on disk, for the next process;
 * that cache trusts only entries that belong to the user nslab runs as and nobody else can write.
 *
 * <p>No {@code SecureASTCustomizer}: the script is the user's own code, run with
 * the user's privileges, and restricting Groovy would break plain-Groovy scripts
 * (loops, functions, classes) without protecting anything.
 */
public final class ScriptRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScriptRunner.class);

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

    private final CompiledScriptCache diskCache;

    /**
     * Starts Groovy's runtime (its metaclass registry, and the metaclass of the scripts' base
     * class) on a daemon thread, so that a script loaded a moment later finds it ready: about a
     * quarter of a second that then overlaps with the command line's own start.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                InvokerHelper.getMetaClass(NslabScript.class);
            } catch (RuntimeException | LinkageError ignored) {
                // the script's own run meets the same problem and reports it
            }
        }, "nslab-groovy-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** A runner that compiles in memory only (a library caller's). */
    public ScriptRunner() {
        this(null);
    }

    /** A runner that also keeps compiled scripts in {@code diskCache} (null: none). */
    public ScriptRunner(CompiledScriptCache diskCache) {
        this.diskCache = diskCache;
    }

    /**
     * Loads the script in {@code file}; messages name the file as given.
     *
     * @throws IOException  if the file cannot be read
     * @throws DslException if the script is wrong
     */
    public Topology load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_SCRIPT_BYTES) {
            throw tooLarge(file.toString(), size);
        }
        return load(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * The largest script nslab reads: 4 MiB. A lab that needs more text is better generated by
     * a loop in the script; refusing a larger file keeps memory bounded and the message clear.
     */
    public static final long MAX_SCRIPT_BYTES = 4L << 20;

    private static DslException tooLarge(String fileName, long size) {
        return new DslException(new SourceLocation(fileName, 1), "the script is " + size + " bytes, more than the "
                + (MAX_SCRIPT_BYTES >> 20) + " MiB nslab reads: generate a large lab with a loop in the script");
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
        if (text.length() > MAX_SCRIPT_BYTES) {
            throw tooLarge(fileName, text.getBytes(StandardCharsets.UTF_8).length);
        }
        String className = "nslab_" + sha256(text).substring(0, 32);
        String sourceName = className + ".groovy";
        Class<? extends NslabScript> type;
        synchronized (COMPILED) {
            type = COMPILED.get(className);
        }
        long t0 = System.nanoTime();
        if (type == null) {
            Class<? extends NslabScript> made = cachedOnDisk(className, text);
            if (made == null) {
                Map<String, byte[]> classes = compile(fileName, sourceName, text);
                made = define(className, classes);
                if (diskCache != null) {
                    diskCache.write(text, classes);
                }
                LOG.debug("script compiled: {} ms", (System.nanoTime() - t0) / 1_000_000);
            } else {
                LOG.debug("script loaded from {}: {} ms", diskCache.directory(), (System.nanoTime() - t0) / 1_000_000);
            }
            t0 = System.nanoTime();
            synchronized (COMPILED) {
                type = COMPILED.putIfAbsent(className, made);
                type = type == null ? made : type;
            }
        }
        ScriptSystem.install();
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
        LOG.debug("script ran: {} ms", (System.nanoTime() - t0) / 1_000_000);
        t0 = System.nanoTime();
        Validator.check(topology);
        LOG.debug("script validated: {} ms", (System.nanoTime() - t0) / 1_000_000);
        return topology;
    }

    /** The script's classes from the disk cache, or null if it has none that the JVM accepts. */
    private Class<? extends NslabScript> cachedOnDisk(String className, String text) {
        if (diskCache == null) {
            return null;
        }
        Map<String, byte[]> classes = diskCache.read(text);
        if (classes == null || !classes.containsKey(className)) {
            return null;
        }
        try {
            return define(className, classes);
        } catch (LinkageError | ClassCastException e) {
            LOG.debug("script cache entry refused by the JVM, compiling again: {}", e.toString());
            diskCache.forget(text);
            return null;
        }
    }

    /**
     * Loads compiled script classes through a loader of their own: the script class, its
     * closures and any classes the script declares, each defined on first use. The same path
     * serves freshly compiled and cached bytecode, so both run alike.
     */
    private static Class<? extends NslabScript> define(String className, Map<String, byte[]> classes) {
        ClassLoader loader = new ClassLoader("nslab-script", NslabScript.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        try {
            return Class.forName(className, true, loader).asSubclass(NslabScript.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the compiled script lacks its own class " + className, e);
        }
    }

    /** Compiles the script to bytecode: every class it makes, by binary name. */
    private static Map<String, byte[]> compile(String fileName, String sourceName, String text) {
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(NslabScript.class.getName());
        config.setSourceEncoding(StandardCharsets.UTF_8.name());
        config.addCompilationCustomizers(ScriptEnvironment.rewrite());
        GroovyClassLoader loader = new GroovyClassLoader(NslabScript.class.getClassLoader(), config);
        CompilationUnit unit = new CompilationUnit(config, null, loader);
        unit.addSource(sourceName, text);
        try {
            unit.compile(Phases.CLASS_GENERATION);
            Map<String, byte[]> classes = new java.util.LinkedHashMap<>();
            for (GroovyClass c : unit.getClasses()) {
                classes.put(c.getName(), c.getBytes());
            }
            return classes;
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
