package dev.nslab.dsl;

import dev.nslab.sys.Environment;
import org.codehaus.groovy.ast.ClassCodeExpressionTransformer;
import org.codehaus.groovy.ast.ClassHelper;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ClassExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
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
 * {@code STAR_N=500 nslab up star.netns.groovy} means the same either way. The compiler
 * rewrites those calls to come here ({@link #rewrite()}); nothing else in the script changes.
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

    /** The compiler step that turns {@code System.getenv(...)} into {@link #getenv calls here}. */
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
            if (e instanceof MethodCallExpression call && call.getObjectExpression() instanceof ClassExpression type
                    && type.getType().getName().equals("java.lang.System") && "getenv".equals(call.getMethodAsString())
                    && !call.isSafe() && !call.isSpreadSafe()) {
                Expression here = new StaticMethodCallExpression(HERE, "getenv", transform(call.getArguments()));
                here.setSourcePosition(call);
                return here;
            }
            return super.transform(e);
        }
    }
}
