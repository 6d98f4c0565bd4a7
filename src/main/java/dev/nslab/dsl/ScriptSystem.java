package dev.nslab.dsl;

import groovy.lang.DelegatingMetaClass;
import groovy.lang.GroovySystem;
import groovy.lang.MetaClass;
import groovy.lang.MetaClassRegistry;
import groovy.lang.MetaMethod;
import org.codehaus.groovy.runtime.InvokerHelper;

import java.util.Map;

/**
 * What a script reaches of {@code java.lang.System} at run time: Groovy dispatches every dynamic
 * call, property and method pointer on a class through that class's metaclass, so System's is
 * replaced, once per JVM, by one that answers {@code getenv} (and the property {@code env})
 * from {@link ScriptEnvironment}, the command's environment. This catches what the compiler
 * cannot see ({@code def s = System; s.getenv('X')}, {@code System.with { getenv('X') }}); the
 * compiler's rewrite ({@link ScriptEnvironment#rewrite()}) catches what it can, including code
 * compiled statically. Everything else goes to System's own metaclass.
 *
 * <p>Outside a script this changes nothing that Java code sees, and Groovy code (the specs)
 * gets the same answers as from System itself, unless a client's environment is in force.
 */
final class ScriptSystem {
    /** Words that a script's System answers from elsewhere: the name, and the class whose static method of that name answers. */
    private static final Map<String, Class<?>> SYSTEM_METHODS = Map.of("getenv", ScriptEnvironment.class);
    /** Groovy properties of System that are getter-like methods: {@code System.env} is {@code System.getenv()}. */
    private static final Map<String, String> SYSTEM_PROPERTIES = Map.of("env", "getenv");

    private static boolean installed;

    private ScriptSystem() {
    }

    /** Puts the routing metaclasses in place, if they are not yet. */
    static synchronized void install() {
        if (installed) {
            return;
        }
        MetaClassRegistry registry = GroovySystem.getMetaClassRegistry();
        registry.setMetaClass(System.class, new Routed(registry.getMetaClass(System.class), SYSTEM_METHODS, SYSTEM_PROPERTIES));
        installed = true;
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
