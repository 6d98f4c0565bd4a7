package dev.nslab.junit;

import dev.nslab.api.Lab;
import dev.nslab.api.LabFixture;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

import java.util.Optional;

/**
 * Runs {@link NetnsLab}: the class's lab around all tests of the class, a method's lab around
 * that test; resolves {@link Lab} parameters. The lab lives in the context's store, so the
 * nearest one (the method's, else the class's) is the one a parameter gets.
 */
public final class NetnsLabExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsLabExtension.class);
    private static final String KEY = "fixture";

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<NetnsLab> a = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), NetnsLab.class);
        if (a.isPresent()) {
            start(context, a.get());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<NetnsLab> a = AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), NetnsLab.class);
        if (a.isEmpty()) {
            return;
        }
        LabFixture outer = context.getStore(STORE).get(KEY, LabFixture.class);
        if (outer != null && outer.location().equals(a.get().value())) {
            throw new ExtensionConfigurationException(context.getRequiredTestMethod() + ": @NetnsLab(\"" + a.get().value()
                    + "\") is also on the class, which already brought that lab up; taking it down after this test"
                    + " would break the class's lab: drop one of the two");
        }
        start(context, a.get());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (AnnotationSupport.isAnnotated(context.getRequiredTestMethod(), NetnsLab.class)) {
            stop(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Lab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LabFixture f = context.getStore(STORE).get(KEY, LabFixture.class);
        if (f == null || f.lab() == null) {
            throw new ParameterResolutionException(parameter.getDeclaringExecutable() + ": a Lab parameter needs"
                    + " @NetnsLab(\"FILE\") on the test class or on the method");
        }
        return f.lab();
    }

    private static void start(ExtensionContext context, NetnsLab a) {
        LabFixture f = new LabFixture(a.value(), a.verifyNoResidue(), a.check(), context.getRequiredTestClass());
        // Stored before up(): should up() fail half-way, the after callback still runs down().
        context.getStore(STORE).put(KEY, f);
        f.up();
    }

    private static void stop(ExtensionContext context) {
        // Only this context's own fixture: a method's store would otherwise also see the class's.
        LabFixture f = context.getStore(STORE).remove(KEY, LabFixture.class);
        if (f != null) {
            f.down();
        }
    }
}
