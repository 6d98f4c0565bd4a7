package dev.nslab.dsl;

import dev.nslab.sys.Environment;
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

import java.util.Map;

/**
 * What a script's {@code System.getenv('X')} and {@code System.getenv()} read: the environment
 * of the command that runs the script. For an nslab process of its own that is the process's
 * environment, as before; in the daemon (docs/daemon.md) it is the client's, so that
 * {@code STAR_N=500 nslab up star.netns.groovy} means the same either way.
 *
 * <p>Two steps bring every way a script can name it here. The compiler rewrites what the source
 * names ({@link #rewrite()}): {@code System.getenv(...)}, a static import of it (also
 * {@code import static java.lang.System.*} and an alias), a method pointer or reference
 * ({@code System.&getenv}, {@code System::getenv}) and Groovy's property {@code System.env};
 * that also serves code the script compiles statically ({@code @CompileStatic}). What the
 * source reaches only at run time ({@code def s = System; s.getenv('X')}, {@code s.env},
 * {@code System.with { getenv('X') }}, {@code System."$name"()}) goes through System's
 * metaclass, which {@link ScriptSystem} points here. Only reflection
 * ({@code System.getMethod('getenv', String).invoke(...)}) and programs the script starts
 * ({@code 'printenv'.execute()}) still see the process's own environment.
 */
public final class ScriptEnvironment {
    private ScriptEnvironment() {
    }

    /** {@code System.getenv(name)} of the command that runs the script. */
    public static String getenv(String name) {
        return Environment.get(name);
    }

    /** {@code System.getenv()} of the command that runs the script. */
    public static Map<String, String> getenv() {
        return Environment.variables();
    }

    /** The compiler step that turns what the source says of {@code System.getenv} into {@link #getenv calls here}. */
    static CompilationCustomizer rewrite() {
        return new CompilationCustomizer(CompilePhase.CANONICALIZATION) {
            @Override
            public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
                new GetenvRewriter(source).visitClass(classNode);
            }
        };
    }

    private static final class GetenvRewriter extends ClassCodeExpressionTransformer {
        private static final ClassNode HERE = ClassHelper.make(ScriptEnvironment.class);
        private static final String SYSTEM = "java.lang.System";
        private final SourceUnit source;

        GetenvRewriter(SourceUnit source) {
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
            Expression here = null;
            if (e instanceof MethodCallExpression call && isSystem(call.getObjectExpression())
                    && "getenv".equals(call.getMethodAsString()) && !call.isSafe() && !call.isSpreadSafe()) {
                here = new StaticMethodCallExpression(HERE, "getenv", transform(call.getArguments()));
            } else if (e instanceof StaticMethodCallExpression call && call.getOwnerType().getName().equals(SYSTEM)
                    && call.getMethod().equals("getenv")) {
                // a static import: getenv('X') after import static java.lang.System.getenv (or .*, or an alias)
                here = new StaticMethodCallExpression(HERE, "getenv", transform(call.getArguments()));
            } else if (e instanceof MethodReferenceExpression ref && isSystem(ref.getExpression()) && isGetenv(ref.getMethodName())) {
                here = new MethodReferenceExpression(new ClassExpression(HERE), ref.getMethodName());
            } else if (e instanceof MethodPointerExpression pointer && isSystem(pointer.getExpression())
                    && isGetenv(pointer.getMethodName())) {
                here = new MethodPointerExpression(new ClassExpression(HERE), pointer.getMethodName());
            } else if (e instanceof PropertyExpression property && isSystem(property.getObjectExpression())
                    && "env".equals(property.getPropertyAsString()) && !property.isSafe() && !property.isSpreadSafe()) {
                // Groovy reads System.env as the getter-like System.getenv()
                here = new StaticMethodCallExpression(HERE, "getenv", ArgumentListExpression.EMPTY_ARGUMENTS);
            }
            if (here != null) {
                here.setSourcePosition(e);
                return here;
            }
            return super.transform(e);
        }

        private static boolean isSystem(Expression e) {
            return e instanceof ClassExpression type && type.getType().getName().equals(SYSTEM);
        }

        private static boolean isGetenv(Expression name) {
            return name instanceof ConstantExpression c && "getenv".equals(c.getValue());
        }
    }
}
