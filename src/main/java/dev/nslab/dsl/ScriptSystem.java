package dev.nslab.dsl;

import groovy.lang.DelegatingMetaClass;
import groovy.lang.GroovySystem;
import groovy.lang.MetaClass;
import groovy.lang.MetaClassRegistry;
import groovy.lang.MetaMethod;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.MethodPointerExpression;
import org.codehaus.groovy.ast.expr.MethodReferenceExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.StaticMethodCallExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.Map;

/**
 * What a script reaches of {@code java.lang.System} and {@code Runtime}: {@code getenv} reads
 * the command's environment ({@link ScriptEnvironment}), and {@code System.exit},
 * {@code Runtime.exit} and {@code Runtime.halt} are refused on a script's threads (they would end
 * the JVM, which in the daemon serves other commands; {@link Evaluation} reports the script
 * error). Two steps bring every way a script can name them here:
 * <ul>
 * <li>the compiler rewrites what the source names ({@link #rewrite()}): {@code System.getenv(...)},
 *     a static import of it (also {@code .*} and an alias), a method pointer or reference
 *     ({@code System.&getenv}, {@code System::getenv}), Groovy's property {@code System.env},
 *     {@code System.exit(...)}, {@code Runtime.getRuntime().halt(...)}; that also serves code the
 *     script compiles statically ({@code @CompileStatic});
 * <li>what the source reaches only at run time ({@code def s = System; s.getenv('X')},
 *     {@code System.with { getenv('X') }}, {@code System."$name"()}, {@code def r = Runtime.runtime;
 *     r.halt(0)}) goes through the class's metaclass, which {@link #install()} replaces once per
 *     JVM by one that answers those words from here.
 * </ul>
 * Only reflection ({@code System.getMethod('getenv', String).invoke(null, 'X')}) and programs the
 * script starts ({@code 'printenv'.execute()}) still reach the process's own.
 *
 * <p>Outside a script, Java code is not affected, and Groovy code (the specs) gets what System
 * itself would give, unless a client's environment is in force.
 */
public final class ScriptSystem {
    private static final Map<String, Class<?>> SYSTEM_METHODS = Map.of("getenv", ScriptEnvironment.class, "exit", SystemCalls.class);
    /** Groovy properties of System that are getter-like methods: {@code System.env} is {@code System.getenv()}. */
    private static final Map<String, String> SYSTEM_PROPERTIES = Map.of("env", "getenv");
    private static final Map<String, Class<?>> RUNTIME_METHODS = Map.of("exit", RuntimeCalls.class, "halt", RuntimeCalls.class);

    private static boolean installed;

    private ScriptSystem() {
    }

    /** {@code System.exit} as a script's code reaches it. */
    public static final class SystemCalls {
        private SystemCalls() {
        }

        /** Refused on a script's threads; elsewhere {@link System#exit}. */
        public static void exit(int status) {
            Evaluation.refuse("System.exit(" + status + ")");
            System.exit(status);
        }
    }

    /** {@code Runtime.exit} and {@code Runtime.halt} as a script's code reaches them. */
    public static final class RuntimeCalls {
        private RuntimeCalls() {
        }

        /** Refused on a script's threads; elsewhere {@link Runtime#exit}. */
        public static void exit(int status) {
            Evaluation.refuse("Runtime.exit(" + status + ")");
            Runtime.getRuntime().exit(status);
        }

        /** Refused on a script's threads; elsewhere {@link Runtime#halt}. */
        public static void halt(int status) {
            Evaluation.refuse("Runtime.halt(" + status + ")");
            Runtime.getRuntime().halt(status);
        }
    }

    /** Puts the routing metaclasses of System and Runtime in place, if they are not yet. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        startGroovyThreads();
        MetaClassRegistry registry = GroovySystem.getMetaClassRegistry();
        registry.setMetaClass(System.class, new Routed(registry.getMetaClass(System.class), SYSTEM_METHODS, SYSTEM_PROPERTIES));
        registry.setMetaClass(Runtime.class, new Routed(registry.getMetaClass(Runtime.class), RUNTIME_METHODS, Map.of()));
        installed = true;
    }

    /**
     * Starts the threads of Groovy's own runtime here, before any script runs: a thread takes the
     * thread group of the thread that starts it, and one that a script's first dynamic call
     * started (the call-site cache's "PIC-Cleaner") would be taken for a thread the script left
     * running ({@link Evaluation}).
     */
    private static void startGroovyThreads() {
        try {
            Class.forName("org.codehaus.groovy.vmplugin.v8.CacheableCallSite", true, ScriptSystem.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            // another Groovy: its threads, if any, are found by the spec that runs a script in a fresh JVM
        }
    }

    /** The compiler step that points what the source says of these words here. */
    static CompilationCustomizer rewrite() {
        return new CompilationCustomizer(CompilePhase.CANONICALIZATION) {
            @Override
            public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
                new Rewriter(source).visitClass(classNode);
            }
        };
    }

    private static final class Rewriter extends ClassCodeExpressionTransformer {
        private final SourceUnit source;

        Rewriter(SourceUnit source) {
            this.source = source;
        }

        @Override
        protected SourceUnit getSourceUnit() {
            return source;
        }

        @Override
        public Expression transform(Expression e) {
            if (e instanceof ClosureExpression closure) {
                // A closure's body is not an expression of its own: walk into it.
                closure.getCode().visit(this);
                return closure;
            }
            Expression here = rewritten(e);
            if (here != null) {
                here.setSourcePosition(e);
                return here;
            }
            return super.transform(e);
        }

        private Expression rewritten(Expression e) {
            if (e instanceof MethodCallExpression call && !call.isSafe() && !call.isSpreadSafe()) {
                Class<?> to = routeOf(call.getObjectExpression(), call.getMethodAsString());
                return to == null ? null : new StaticMethodCallExpression(ClassHelper.make(to), call.getMethodAsString(),
                        transform(call.getArguments()));
            }
            if (e instanceof StaticMethodCallExpression call && call.getOwnerType().getName().equals("java.lang.System")
                    && SYSTEM_METHODS.containsKey(call.getMethod())) {
                // a static import: getenv('X') after import static java.lang.System.getenv (or .*, or an alias)
                return new StaticMethodCallExpression(ClassHelper.make(SYSTEM_METHODS.get(call.getMethod())), call.getMethod(),
                        transform(call.getArguments()));
            }
            if (e instanceof MethodPointerExpression pointer && pointer.getMethodName() instanceof ConstantExpression name) {
                Class<?> to = routeOf(pointer.getExpression(), String.valueOf(name.getValue()));
                if (to != null) {
                    ClassExpression target = new ClassExpression(ClassHelper.make(to));
                    return e instanceof MethodReferenceExpression ? new MethodReferenceExpression(target, name)
                            : new MethodPointerExpression(target, name);
                }
            }
            if (e instanceof PropertyExpression property && isClass(property.getObjectExpression(), System.class)
                    && property.getPropertyAsString() != null && SYSTEM_PROPERTIES.containsKey(property.getPropertyAsString()) && !property.isSafe() && !property.isSpreadSafe()) {
                String method = SYSTEM_PROPERTIES.get(property.getPropertyAsString());
                return new StaticMethodCallExpression(ClassHelper.make(SYSTEM_METHODS.get(method)), method,
                        ArgumentListExpression.EMPTY_ARGUMENTS);
            }
            return null;
        }

        /** Where {@code receiver.name} goes: System's words, and Runtime's on {@code Runtime.getRuntime()} or {@code Runtime.runtime}. */
        private static Class<?> routeOf(Expression receiver, String name) {
            if (name == null) {
                return null; // a name computed at run time: the metaclass sees it
            }
            if (isClass(receiver, System.class)) {
                return SYSTEM_METHODS.get(name);
            }
            boolean runtime = receiver instanceof MethodCallExpression call && isClass(call.getObjectExpression(), Runtime.class)
                    && "getRuntime".equals(call.getMethodAsString())
                    || receiver instanceof PropertyExpression property && isClass(property.getObjectExpression(), Runtime.class)
                    && "runtime".equals(property.getPropertyAsString());
            return runtime ? RUNTIME_METHODS.get(name) : null;
        }

        private static boolean isClass(Expression e, Class<?> type) {
            return e instanceof ClassExpression c && c.getType().getName().equals(type.getName());
        }
    }

    /**
     * A metaclass that answers some methods (by name) with the static method of the same name
     * of another class, the receiver dropped, and some properties with a method call; the rest
     * goes to the class's own metaclass.
     */
    private static final class Routed extends DelegatingMetaClass {
        private final Map<String, Class<?>> methods;
        private final Map<String, String> properties;

        Routed(MetaClass own, Map<String, Class<?>> methods, Map<String, String> properties) {
            super(own);
            this.methods = methods;
            this.properties = properties;
            initialize();
        }

        private Object call(String name, Object[] args) {
            return InvokerHelper.invokeStaticMethod(methods.get(name), name, args);
        }

        private static Object[] arguments(Object argument) {
            return argument == null ? new Object[]{null} : argument instanceof Object[] many ? many : new Object[]{argument};
        }

        @Override
        public Object invokeStaticMethod(Object object, String name, Object[] args) {
            return methods.containsKey(name) ? call(name, args) : super.invokeStaticMethod(object, name, args);
        }

        @Override
        public Object invokeMethod(Object object, String name, Object[] args) {
            return methods.containsKey(name) ? call(name, args) : super.invokeMethod(object, name, args);
        }

        @Override
        public Object invokeMethod(Object object, String name, Object args) {
            return methods.containsKey(name) ? call(name, arguments(args)) : super.invokeMethod(object, name, args);
        }

        @Override
        public Object invokeMethod(Class sender, Object receiver, String name, Object[] args, boolean isCallToSuper,
                                   boolean fromInsideClass) {
            return methods.containsKey(name) ? call(name, args)
                    : super.invokeMethod(sender, receiver, name, args, isCallToSuper, fromInsideClass);
        }

        @Override
        public Object getProperty(Object object, String property) {
            String method = properties.get(property);
            return method != null ? call(method, new Object[0]) : super.getProperty(object, property);
        }

        @Override
        public Object getProperty(Class sender, Object receiver, String property, boolean isCallToSuper, boolean fromInsideClass) {
            String method = properties.get(property);
            return method != null ? call(method, new Object[0])
                    : super.getProperty(sender, receiver, property, isCallToSuper, fromInsideClass);
        }

        /** A closure whose delegate is the class ({@code System.with { getenv('X') }}) finds its method here. */
        @Override
        public MetaMethod getStaticMetaMethod(String name, Object[] args) {
            Class<?> to = methods.get(name);
            return to != null ? InvokerHelper.getMetaClass(to).getStaticMetaMethod(name, args) : super.getStaticMetaMethod(name, args);
        }

        @Override
        public MetaMethod getStaticMetaMethod(String name, Class[] argTypes) {
            Class<?> to = methods.get(name);
            return to != null ? InvokerHelper.getMetaClass(to).getStaticMetaMethod(name, argTypes)
                    : super.getStaticMetaMethod(name, argTypes);
        }

        @Override
        public MetaMethod getMetaMethod(String name, Object[] args) {
            Class<?> to = methods.get(name);
            return to != null ? InvokerHelper.getMetaClass(to).getStaticMetaMethod(name, args) : super.getMetaMethod(name, args);
        }
    }
}
