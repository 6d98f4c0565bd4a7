package dev.nslab.dsl;

import dev.nslab.model.Addresses;
import dev.nslab.model.Expectation;
import dev.nslab.model.HostDevice;
import dev.nslab.model.Link;
import dev.nslab.model.LinkAttrs;
import dev.nslab.model.Macvlan;
import dev.nslab.model.Names;
import dev.nslab.model.Namespace;
import dev.nslab.model.Prefix;
import dev.nslab.model.Route;
import dev.nslab.model.SourceLocation;
import dev.nslab.model.Spawn;
import dev.nslab.model.Sysctl;
import dev.nslab.model.Topology;
import dev.nslab.model.Uplink;
import dev.nslab.model.Vxlan;
import groovy.lang.Closure;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one evaluation of a script declared, in declaration order, plus the state of
 * the evaluation (which namespace block is open, which builder got the latest word).
 * The script words ({@link NslabScript}, {@link Declarations}) all end up here.
 * Nothing in it touches the system.
 */
final class Recorder {

    private final String file;
    private final String sourceName;
    private final Parameters parameters;

    private String labName;
    private SourceLocation labAt;
    private final Map<String, SourceLocation> namespaces = new LinkedHashMap<>();
    private final List<LinkSpec<?>> links = new ArrayList<>();
    private final List<UplinkSpec> uplinks = new ArrayList<>();
    private final List<RouteSpec> routes = new ArrayList<>();
    private final List<Sysctl> sysctls = new ArrayList<>();
    private final List<SpawnSpec> spawns = new ArrayList<>();
    private final List<ExpectationSpec> expectations = new ArrayList<>();
    /** Mistakes found while the script ran; the script goes on, so that one run reports them all. */
    private final List<DslException> mistakes = new ArrayList<>();

    private String currentNamespace;
    private SourceLocation currentNamespaceAt;
    private final Deque<Spec> openBlocks = new ArrayDeque<>();
    private Spec lastTouched;
    /** The exception that last left a block, and the open blocks and namespace at that moment. */
    private Throwable failure;
    private List<Spec> blocksAtFailure;
    private String namespaceAtFailure;
    /** Whether the exception being explained is {@link #failure}; else the live state is what it was. */
    private boolean explainingFailure;

    /**
     * @param file       the script file as messages name it
     * @param sourceName the file name the compiled script's stack frames carry
     * @param parameters the values given to the script's parameters
     */
    Recorder(String file, String sourceName, Parameters parameters) {
        this.file = file;
        this.sourceName = sourceName;
        this.parameters = parameters;
    }

    /** {@code param('NAME', DEFAULT)}: see {@link Parameters}. */
    Object param(String name, Object defaultValue) {
        return parameters.value(this, name, defaultValue);
    }

    /** @return a mistake for each parameter given a value that the script did not ask for */
    List<DslException> unaskedParameters() {
        return parameters.unasked(file);
    }

    String file() {
        return file;
    }

    String sourceName() {
        return sourceName;
    }

    /**
     * @return the script line that is executing: the innermost stack frame of the
     *         script (its top level, a closure, or a function it defines); line 0 if
     *         the script is not on the stack
     */
    SourceLocation here() {
        return StackWalker.getInstance()
                .walk(frames -> frames.filter(f -> sourceName.equals(f.getFileName()) && f.getLineNumber() > 0)
                        .findFirst())
                .map(f -> new SourceLocation(file, f.getLineNumber()))
                .orElseGet(() -> new SourceLocation(file, 0));
    }

    /**
     * @return the innermost frame of the script in {@code frames} (a stack trace), as a
     *         location; line 0 if the script is not in it
     */
    SourceLocation lineIn(StackTraceElement[] frames) {
        for (StackTraceElement f : frames) {
            if (sourceName.equals(f.getFileName()) && f.getLineNumber() > 0) {
                return new SourceLocation(file, f.getLineNumber());
            }
        }
        return new SourceLocation(file, 0);
    }

    /**
     * Notes a mistake where the script is now. The word that found it does nothing more, and the
     * script goes on, so that the run reports every mistake of the script, as a compiler does.
     */
    void mistake(String problem) {
        mistakes.add(new DslException(here(), problem));
    }

    /** @return the mistakes noted while the script ran, in the order found */
    List<DslException> mistakes() {
        return List.copyOf(mistakes);
    }

    /**
     * @return {@code value}, which {@code word} was given; null if it was null, which is
     *         {@link #mistake noted}: most often a variable that has no value, like
     *         {@code System.getenv} of one that is not set
     */
    <T> T given(String word, T value) {
        if (value == null) {
            mistake(word + " needs a value, not null (System.getenv gives null for a variable that is not set)");
        }
        return value;
    }

    /** Notes {@code spec} as the receiver of the latest word, so that a typo after it can be blamed on it. */
    void touch(Spec spec) {
        lastTouched = spec;
    }

    /** Runs a block with {@code spec} as its delegate, {@link Closure#DELEGATE_FIRST}. */
    <T extends Spec> T block(T spec, Closure<?> block) {
        Closure<?> body = (Closure<?>) block.clone();
        body.setResolveStrategy(Closure.DELEGATE_FIRST);
        body.setDelegate(spec);
        openBlocks.push(spec);
        try {
            if (body.getMaximumNumberOfParameters() == 0) {
                body.call();
            } else {
                body.call(spec);
            }
        } catch (RuntimeException | Error e) {
            if (e != failure) {
                // Unwinding closes the blocks; the error message needs them as they were
                // where the exception was thrown, that is, when it left the innermost block.
                failure = e;
                blocksAtFailure = List.copyOf(openBlocks);
                namespaceAtFailure = contextNamespace();
            }
            throw e;
        } finally {
            openBlocks.pop();
        }
        return spec;
    }

    /**
     * @return the builder a {@code MissingMethodException} or {@code MissingPropertyException}
     *         on {@code type} was about: the latest receiver of a word if it is a {@code type},
     *         else the innermost open block that is; null if none is
     */
    /**
     * Prepares {@link #subject}, {@link #inBlock} and {@link #namespaceAtFailure} to
     * explain {@code thrown}, the exception that ended the script.
     */
    void explain(Throwable thrown) {
        explainingFailure = false;
        for (Throwable t = thrown; t != null && !explainingFailure; t = t.getCause()) {
            explainingFailure = t == failure;
        }
    }

    Spec subject(Class<?> type) {
        if (lastTouched != null && type.isInstance(lastTouched)) {
            return lastTouched;
        }
        return blocksAtFailure().stream().filter(type::isInstance).findFirst().orElse(null);
    }

    /**
     * @return true if {@code spec}'s block was running when the script failed, so that
     *         the words of enclosing contexts also resolved
     */
    boolean inBlock(Spec spec) {
        return blocksAtFailure().contains(spec);
    }

    /** @return the namespace whose context the script was in when it failed */
    String namespaceAtFailure() {
        return explainingFailure ? namespaceAtFailure : contextNamespace();
    }

    private List<Spec> blocksAtFailure() {
        return explainingFailure ? blocksAtFailure : List.copyOf(openBlocks);
    }

    /** @return the namespace of the open namespace block, or {@link Namespace#HOST} */
    String contextNamespace() {
        return currentNamespace != null ? currentNamespace : Namespace.HOST;
    }

    /** @return the prefix {@code text}; null if it is none, which is {@link #mistake noted} */
    Prefix prefix(String word, String text) {
        if (given(word, text) == null) {
            return null;
        }
        try {
            return Prefix.parse(text);
        } catch (IllegalArgumentException e) {
            mistake(word + " " + e.getMessage());
            return null;
        }
    }

    /** @return the address {@code text}; null if it is none, which is {@link #mistake noted} */
    InetAddress address(String word, String text) {
        if (given(word, text) == null) {
            return null;
        }
        try {
            return Addresses.parse(text);
        } catch (IllegalArgumentException e) {
            mistake(word + " " + e.getMessage());
            return null;
        }
    }

    void lab(String name) {
        if (given("lab", name) == null) {
            return;
        }
        SourceLocation at = here();
        if (currentNamespace != null) {
            mistake("lab must be named at the top level, not inside namespace '" + currentNamespace + "'");
        } else if (labName != null) {
            mistake("lab is named twice (first at line " + labAt.line() + ")");
        } else if (!Names.isNamespace(name)) {
            mistake("lab name '" + name + "' is not valid: " + Names.NAMESPACE_RULE);
        } else {
            labName = name;
            labAt = at;
        }
    }

    /** @return whether {@code name} is declared (or was already) */
    boolean declareNamespace(String name, SourceLocation at) {
        if (given("namespace", name) == null) {
            return false;
        }
        if (Namespace.isHost(name)) {
            mistake("'host' is the host's own namespace and cannot be declared:"
                    + " declare what belongs in the host at the top level");
            return false;
        }
        namespaces.putIfAbsent(name, at);
        return true;
    }

    void namespaceBlock(String name, Closure<?> block) {
        SourceLocation at = here();
        if (currentNamespace != null) {
            mistake("namespace blocks cannot be nested: '" + name + "' inside '"
                    + currentNamespace + "' (line " + currentNamespaceAt.line() + ")");
            return;
        }
        if (!declareNamespace(name, at)) {
            return;
        }
        currentNamespace = name;
        currentNamespaceAt = at;
        try {
            block(new NamespaceSpec(this, name), block);
        } finally {
            currentNamespace = null;
            currentNamespaceAt = null;
        }
    }

    /** Records a link, unless it has no name (a {@link #mistake} already): then its words go nowhere. */
    <T extends LinkSpec<T>> T link(T spec) {
        if (spec.name != null) {
            links.add(spec);
        }
        return spec;
    }

    UplinkSpec uplink(String namespace, String name) {
        UplinkSpec spec = new UplinkSpec(this, name, namespace);
        if (given("uplink", name) != null) {
            uplinks.add(spec);
        }
        return spec;
    }

    RouteSpec route(String namespace, String destination) {
        boolean named = given("route", destination) != null;
        RouteSpec spec = new RouteSpec(this, namespace, named ? destination : "default");
        if (named) {
            routes.add(spec);
        }
        return spec;
    }

    void sysctl(String namespace, String key, Object value) {
        if (given("sysctl", key) == null) {
            return;
        }
        SourceLocation at = here();
        String text;
        if (value == null) {
            mistake("sysctl '" + key + "' has no value");
            return;
        } else if (value instanceof Boolean b) {
            text = b ? "1" : "0";
        } else {
            text = value.toString();
        }
        sysctls.add(new Sysctl(namespace, key, text, at));
    }

    // ---- services (issue 17): spawn ... ready 'tcp:PORT' within 'T' ----

    SpawnSpec spawn(String namespace, String name, List<?> argv) {
        SpawnSpec spec = new SpawnSpec(this, namespace, name);
        if (given("spawn", name) == null || given("spawn '" + name + "'", argv) == null) {
            return spec;
        }
        List<String> args = new ArrayList<>();
        for (Object arg : argv) {
            if (arg == null) {
                mistake("spawn '" + name + "': argument " + (args.size() + 1) + " is null");
                return spec;
            }
            args.add(arg.toString());
        }
        spec.argv(args);
        spawns.add(spec);
        return spec;
    }

    ExpectationSpec expect(Expectation.Kind kind, String from) {
        given(kind.word(), from);
        ExpectationSpec spec = new ExpectationSpec(this, kind, from);
        expectations.add(spec);
        return spec;
    }

    /**
     * @return the declared lab, not yet validated
     * @throws DslException for the first declaration (in file order) that misses a word it needs
     */
    Topology toTopology() {
        List<Namespace> all = new ArrayList<>();
        all.add(new Namespace(Namespace.HOST, new SourceLocation(file, 0)));
        namespaces.forEach((name, at) -> all.add(new Namespace(name, at)));
        List<DslException> incomplete = new ArrayList<>();
        List<Link> builtLinks = build(links, LinkSpec::toLink, incomplete);
        List<Uplink> builtUplinks = build(uplinks, UplinkSpec::toUplink, incomplete);
        List<Route> builtRoutes = build(routes, RouteSpec::toRoute, incomplete);
        List<Expectation> builtExpectations = build(expectations, ExpectationSpec::toExpectation, incomplete);
        if (!incomplete.isEmpty()) {
            throw DslException.of(incomplete);
        }
        List<Spawn> builtSpawns = spawns.stream().map(SpawnSpec::toSpawn).toList();
        return new Topology(labName(), file, all, builtLinks, builtUplinks, builtRoutes, sysctls, builtSpawns,
                builtExpectations, hostDevices(builtLinks, builtUplinks), parameters.given());
    }

    private static <S, T> List<T> build(List<S> specs, Function<S, T> builder, List<DslException> incomplete) {
        List<T> built = new ArrayList<>();
        for (S spec : specs) {
            try {
                built.add(builder.apply(spec));
            } catch (DslException e) {
                incomplete.add(e);
            }
        }
        return built;
    }

    private String labName() {
        if (labName != null) {
            return labName;
        }
        String base = file.substring(file.lastIndexOf('/') + 1);
        String name = base.endsWith(ScriptRunner.SUFFIX) ? base.substring(0, base.length() - ScriptRunner.SUFFIX.length())
                : base.endsWith(".groovy") ? base.substring(0, base.length() - ".groovy".length()) : base;
        if (!Names.isNamespace(name)) {
            throw new DslException(new SourceLocation(file, 0), "lab name '" + name + "' (from the file name) is not valid: "
                    + Names.NAMESPACE_RULE + "; name the lab with lab 'NAME'");
        }
        return name;
    }

    /**
     * In the host, a macvlan parent or vxlan dev that the script does not declare is
     * taken to be an existing host device; list those for the runner to check.
     */
    private static List<HostDevice> hostDevices(List<Link> links, List<Uplink> uplinks) {
        Set<String> declared = Stream.concat(
                        links.stream().flatMap(l -> l.ends().stream())
                                .filter(end -> Namespace.isHost(end.namespace())).map(LinkAttrs::name),
                        uplinks.stream().filter(u -> Namespace.isHost(u.namespace())).map(Uplink::name))
                .collect(Collectors.toSet());
        List<HostDevice> devices = new ArrayList<>();
        for (Link link : links) {
            if (!Namespace.isHost(link.namespace())) {
                continue;
            }
            String lower = null;
            String role = null;
            if (link instanceof Macvlan m) {
                lower = m.parent();
                role = "parent of macvlan '" + m.name() + "'";
            } else if (link instanceof Vxlan v) {
                lower = v.dev();
                role = "dev of vxlan '" + v.name() + "'";
            }
            if (lower != null && !declared.contains(lower)) {
                devices.add(new HostDevice(lower, role, link.location()));
            }
        }
        return devices;
    }
}
