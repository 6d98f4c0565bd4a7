package dev.nslab.dsl;

import org.codehaus.groovy.ast.ASTNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;
import org.codehaus.groovy.syntax.SyntaxException;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Groovy's traps for a DSL's readers, found by the compiler and reported with the fix, as
 * compile errors at their line. Each is valid Groovy that does not mean what it looks like:
 * <ul>
 * <li>{@code namespace 'h1' { ... }} calls a method named {@code h1} with the block and passes
 *     its result to {@code namespace}: the block is never the namespace's;
 * <li>{@code sysctl 'net.ipv4.ip_forward' 1} (a comma missing) and {@code ping 'h1' '10.0.0.2'}
 *     (a word missing) read the last value as a property of what the call returned.
 * </ul>
 * A chain of words, {@code veth 'a' peer 'b'}, alternates words and values; a value where a word
 * should be is always one of these. The runtime's messages cover the rest ({@link ScriptFailures}).
 */
final class Traps extends CompilationCustomizer {
    private final List<String> lines;

    /** @param text the script, whose lines the messages quote */
    Traps(String text) {
        super(CompilePhase.CONVERSION);
        this.lines = text.lines().toList();
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                blockAfterBareArgument(source, call);
                super.visitMethodCallExpression(call);
            }

            @Override
            public void visitPropertyExpression(PropertyExpression property) {
                valueForAWord(source, property);
                super.visitPropertyExpression(property);
            }
        }.visitClass(classNode);
    }

    /** {@code WORD 'ARG' { ... }}: the argument, a string, is called with the block. */
    private void blockAfterBareArgument(SourceUnit source, MethodCallExpression call) {
        if (!call.isImplicitThis() || call.getMethodAsString() == null
                || !(call.getArguments() instanceof ArgumentListExpression args) || args.getExpressions().size() != 1
                || !(args.getExpression(0) instanceof MethodCallExpression inner) || !inner.isImplicitThis()
                || !isQuoted(inner.getMethod()) || !(inner.getArguments() instanceof ArgumentListExpression innerArgs)
                || innerArgs.getExpressions().size() != 1 || !(innerArgs.getExpression(0) instanceof ClosureExpression)) {
            return;
        }
        String word = call.getMethodAsString();
        report(source, inner.getMethod(), "write " + word + "(" + text(inner.getMethod()) + ") { ... }: a block after a"
                + " bare argument is not passed to " + word + "; in parentheses it is");
    }

    /** {@code WORD 'ARG' VALUE}: the value, where a word or a comma should be, is read as a property. */
    private void valueForAWord(SourceUnit source, PropertyExpression property) {
        if (!(property.getObjectExpression() instanceof MethodCallExpression call) || !isQuoted(property.getProperty())
                && !isNumber(property.getProperty())) {
            return;
        }
        String word = call.getMethodAsString();
        Class<?> receiver = receiverType(call);
        if (word == null || receiver == null) {
            return; // not a chain of the DSL's words
        }
        List<Method> forms = Words.methods(receiver).stream().filter(m -> m.getName().equals(word)).toList();
        if (forms.isEmpty()) {
            return;
        }
        String value = text(property.getProperty());
        String before = chainText(call);
        Class<?> returned = forms.stream().map(Method::getReturnType).filter(t -> t != void.class).findFirst().orElse(null);
        String message;
        if (returned == null || returned == SpawnSpec.class || call.getArguments() instanceof ArgumentListExpression args && args.getExpressions().size() == 1
                && forms.stream().allMatch(m -> m.getParameterCount() > 1)) {
            message = "write " + before + ", " + value + ": a comma separates " + word + "'s arguments";
        } else if (returned == ExpectationSpec.class) {
            message = "write " + before + " to " + value + ": the word to names the address";
        } else if (returned != null && Spec.class.isAssignableFrom(returned)) {
            message = value + " follows " + before + " without a word: write one of "
                    + String.join(", ", Words.names(returned)) + " before it";
        } else {
            return;
        }
        report(source, property.getProperty(), message);
    }

    /** @return the type whose word {@code call} is, in a chain of the DSL's words; null if it is in none */
    private static Class<?> receiverType(MethodCallExpression call) {
        if (call.isImplicitThis()) {
            return NslabScript.class;
        }
        if (!(call.getObjectExpression() instanceof MethodCallExpression before) || before.getMethodAsString() == null) {
            return null;
        }
        Class<?> receiver = receiverType(before);
        return receiver == null ? null : Words.methods(receiver).stream()
                .filter(m -> m.getName().equals(before.getMethodAsString())).map(Method::getReturnType)
                .filter(Spec.class::isAssignableFrom).findFirst().orElse(null);
    }

    private boolean isQuoted(Expression e) {
        if (e instanceof GStringExpression) {
            return true;
        }
        if (!(e instanceof ConstantExpression) || e.getLineNumber() < 1 || e.getLineNumber() > lines.size()) {
            return false;
        }
        String line = lines.get(e.getLineNumber() - 1);
        int at = e.getColumnNumber() - 1;
        return at >= 0 && at < line.length() && (line.charAt(at) == '\'' || line.charAt(at) == '"');
    }

    private static boolean isNumber(Expression e) {
        return e instanceof ConstantExpression c && (c.getValue() instanceof Number
                || c.getValue() instanceof String s && !s.isEmpty() && Character.isDigit(s.charAt(0)));
    }

    /** The source text of a chain of words up to {@code call}: {@code veth 'a' peer 'b'}. */
    private String chainText(MethodCallExpression call) {
        Expression head = call;
        while (head instanceof MethodCallExpression c && !c.isImplicitThis()) {
            head = c.getObjectExpression();
        }
        if (head.getLineNumber() != call.getLastLineNumber() || head.getLineNumber() < 1 || head.getLineNumber() > lines.size()) {
            return text(call);
        }
        String line = lines.get(head.getLineNumber() - 1);
        int from = Math.max(0, head.getColumnNumber() - 1);
        int to = Math.min(line.length(), call.getLastColumnNumber() - 1);
        return from < to ? line.substring(from, to).strip() : text(call);
    }

    /** The source text of {@code node} (its first line, if it spans more). */
    private String text(ASTNode node) {
        if (node.getLineNumber() < 1 || node.getLineNumber() > lines.size()) {
            return node.getText();
        }
        String line = lines.get(node.getLineNumber() - 1);
        int from = Math.max(0, node.getColumnNumber() - 1);
        int to = node.getLastLineNumber() == node.getLineNumber() ? Math.min(line.length(), node.getLastColumnNumber() - 1)
                : line.length();
        return from < to ? line.substring(from, to).strip() : node.getText();
    }

    private static void report(SourceUnit source, ASTNode at, String message) {
        source.getErrorCollector().addErrorAndContinue(new SyntaxErrorMessage(
                new SyntaxException(message, at.getLineNumber(), at.getColumnNumber()), source));
    }
}
