package dev.nslab.dsl;

import dev.nslab.model.SourceLocation;
import groovy.transform.ThreadInterrupt;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.messages.ExceptionMessage;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SimpleMessage;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.codehaus.groovy.syntax.SyntaxException;
import org.codehaus.groovy.tools.GroovyClass;
import groovy.lang.GroovyClassLoader;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a script's text to a class whose base class is {@link NslabScript}, or finds it
 * compiled: in memory by content hash (the last {@value #CACHE_SIZE}, for every runner), so a
 * long-running caller (tests, {@code nslab check} in a loop, the daemon) compiles each text once;
 * and in a {@link CompiledScriptCache} on disk when the runner has one (the command line's). The
 * key is the text alone: what a script is given at run time (its parameters, the environment)
 * is not compiled in.
 *
 * <p>The compiler also rewrites what the script says of System ({@link ScriptSystem#rewrite()})
 * and puts an interrupt check into every loop, closure and method ({@link ThreadInterrupt}), so
 * that a script that runs too long or uses too much memory can be stopped ({@link Evaluation}).
 */
final class ScriptCompiler {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScriptCompiler.class);

    /** How many compiled scripts are kept; the least recently used beyond that are forgotten. */
    private static final int CACHE_SIZE = 64;
    /**
     * Compiled scripts by content hash, shared by every runner: a library user calls
     * {@code Nslab.up} with a new runner each time, and a class compiled per call is never
     * unloaded while Groovy's metaclass registry knows it (30 cycles of one lab grew the heap by
     * 18 MiB and 380 classes).
     * Bounded, and an evicted class is removed from the registry so that it can be unloaded.
     */
    private static final Map<String, Class<? extends NslabScript>> COMPILED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Class<? extends NslabScript>> eldest) {
            if (size() > CACHE_SIZE) {
                InvokerHelper.removeClass(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    private ScriptCompiler() {
    }

    /** The name the compiled class gives its stack frames' file: what tells a script line from any other. */
    static String sourceName(String text) {
        return className(text) + ".groovy";
    }

    private static String className(String text) {
        return "nslab_" + sha256(text).substring(0, 32);
    }

    /**
     * @param fileName  the script's name in messages
     * @param diskCache where compiled scripts are kept between processes; null: none
     * @throws DslException every compilation error (as a compiler lists them)
     */
    static Class<? extends NslabScript> classOf(String fileName, String text, CompiledScriptCache diskCache) {
        String className = className(text);
        Class<? extends NslabScript> type;
        synchronized (COMPILED) {
            type = COMPILED.get(className);
        }
        if (type != null) {
            return type;
        }
        long t0 = System.nanoTime();
        Class<? extends NslabScript> made = cachedOnDisk(className, text, diskCache);
        if (made == null) {
            Map<String, byte[]> classes = compile(fileName, sourceName(text), text);
            made = define(className, classes);
            if (diskCache != null) {
                diskCache.write(text, classes);
            }
            LOG.debug("script compiled: {} ms", (System.nanoTime() - t0) / 1_000_000);
        } else {
            LOG.debug("script loaded from {}: {} ms", diskCache.directory(), (System.nanoTime() - t0) / 1_000_000);
        }
        synchronized (COMPILED) {
            type = COMPILED.putIfAbsent(className, made);
            return type == null ? made : type;
        }
    }

    /** The script's classes from the disk cache, or null if it has none that the JVM accepts. */
    private static Class<? extends NslabScript> cachedOnDisk(String className, String text, CompiledScriptCache diskCache) {
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
        config.addCompilationCustomizers(new Traps(text), ScriptSystem.rewrite(),
                new ASTTransformationCustomizer(ThreadInterrupt.class));
        GroovyClassLoader loader = new GroovyClassLoader(NslabScript.class.getClassLoader(), config);
        CompilationUnit unit = new CompilationUnit(config, null, loader);
        unit.addSource(sourceName, text);
        try {
            unit.compile(Phases.CLASS_GENERATION);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (GroovyClass c : unit.getClasses()) {
                classes.put(c.getName(), c.getBytes());
            }
            return classes;
        } catch (MultipleCompilationErrorsException e) {
            List<DslException> found = new ArrayList<>();
            for (Message m : e.getErrorCollector().getErrors()) {
                found.add(mistake(fileName, m, e));
            }
            throw DslException.of(found);
        } catch (CompilationFailedException e) {
            throw new DslException(new SourceLocation(fileName, 0), ScriptFailures.firstLine(e.getMessage()), e);
        }
    }

    private static DslException mistake(String fileName, Message m, Exception all) {
        if (m instanceof SyntaxErrorMessage syntax) {
            SyntaxException cause = syntax.getCause();
            return new DslException(new SourceLocation(fileName, Math.max(cause.getStartLine(), 0)),
                    ScriptFailures.firstLine(cause.getOriginalMessage()), all);
        }
        String message = m instanceof ExceptionMessage ex ? ex.getCause().getMessage()
                : m instanceof SimpleMessage simple ? simple.getMessage() : all.getMessage();
        return new DslException(new SourceLocation(fileName, 0), ScriptFailures.firstLine(message), all);
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
