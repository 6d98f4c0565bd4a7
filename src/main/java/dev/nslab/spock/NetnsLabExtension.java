package dev.nslab.spock;

import dev.nslab.api.Lab;
import dev.nslab.api.LabFixture;
import org.spockframework.runtime.extension.ExtensionException;
import org.spockframework.runtime.extension.IAnnotationDrivenExtension;
import org.spockframework.runtime.extension.IMethodInvocation;
import org.spockframework.runtime.model.FeatureInfo;
import org.spockframework.runtime.model.FieldInfo;
import org.spockframework.runtime.model.MethodInfo;
import org.spockframework.runtime.model.SpecInfo;

/**
 * Runs {@link NetnsLab} for Spock: a spec's lab around setupSpec..cleanupSpec, a feature's lab
 * around each iteration, and {@link Lab} fields filled in.
 */
public final class NetnsLabExtension implements IAnnotationDrivenExtension<NetnsLab> {

    @Override
    public void visitSpecAnnotation(NetnsLab annotation, SpecInfo spec) {
        LabFixture fixture = new LabFixture(annotation.value(), annotation.verifyNoResidue(), annotation.check(), spec.getReflection());
        spec.addSetupSpecInterceptor(invocation -> {
            Lab lab = fixture.up();
            inject(invocation.getSpec(), invocation.getSharedInstance(), lab, true);
            invocation.proceed();
        });
        spec.addSetupInterceptor(invocation -> {
            if (fixture.lab() != null) {
                inject(invocation.getSpec(), invocation.getInstance(), fixture.lab(), false);
            }
            invocation.proceed();
        });
        spec.addCleanupSpecInterceptor(invocation -> around(invocation, fixture));
        for (FeatureInfo f : spec.getAllFeatures()) {
            // Added first: a feature's own @NetnsLab adds its interceptor later, which runs inside this one and wins.
            f.getFeatureMethod().addInterceptor(invocation -> {
                if (fixture.lab() != null) {
                    resolveParameters(invocation, fixture.lab());
                }
                invocation.proceed();
            });
            NetnsLab own = f.getFeatureMethod().getAnnotation(NetnsLab.class);
            if (own != null && own.value().equals(annotation.value())) {
                throw new ExtensionException(f.getName() + ": @NetnsLab('" + own.value() + "') is also on the spec, which"
                        + " already brings that lab up; taking it down after this feature would break the spec's lab:"
                        + " drop one of the two");
            }
        }
    }

    @Override
    public void visitFeatureAnnotation(NetnsLab annotation, FeatureInfo feature) {
        LabFixture[] current = new LabFixture[1];
        feature.getFeatureMethod().addInterceptor(invocation -> {
            if (current[0] != null && current[0].lab() != null) {
                resolveParameters(invocation, current[0].lab());
            }
            invocation.proceed();
        });
        feature.addIterationInterceptor(invocation -> {
            LabFixture fixture = new LabFixture(annotation.value(), annotation.verifyNoResidue(),
                    annotation.check(), invocation.getSpec().getReflection());
            current[0] = fixture;
            Throwable failure = null;
            try {
                Lab lab = fixture.up();
                inject(invocation.getSpec(), invocation.getInstance(), lab, false);
                invocation.proceed();
            } catch (Throwable t) {
                failure = t;
            }
            finish(failure, fixture);
        });
    }

    /** Runs the invocation, then takes the lab down whatever it did; a failure of down never hides the test's. */
    private static void around(IMethodInvocation invocation, LabFixture fixture) throws Throwable {
        Throwable failure = null;
        try {
            invocation.proceed();
        } catch (Throwable t) {
            failure = t;
        }
        finish(failure, fixture);
    }

    private static void finish(Throwable failure, LabFixture fixture) throws Throwable {
        try {
            fixture.down();
        } catch (Throwable downFailed) {
            if (failure == null) {
                throw downFailed;
            }
            failure.addSuppressed(downFailed);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Gives each parameter of type Lab that no data variable fills the lab, as the JUnit extension does. */
    private static void resolveParameters(IMethodInvocation invocation, Lab lab) {
        Class<?>[] types = invocation.getMethod().getReflection().getParameterTypes();
        Object[] args = invocation.getArguments();
        for (int i = 0; i < types.length && i < args.length; i++) {
            if (types[i] == Lab.class && (args[i] == MethodInfo.MISSING_ARGUMENT || args[i] == null)) {
                invocation.resolveArgument(i, lab);
            }
        }
    }

    /** Fills the spec's Lab fields: shared ones, or the instance's ones that nothing filled yet. */
    private static void inject(SpecInfo spec, Object target, Lab lab, boolean shared) {
        for (FieldInfo field : spec.getAllFields()) {
            if (field.getType() == Lab.class && field.isShared() == shared && !field.isStatic()
                    && (shared || field.readValue(target) == null)) {
                field.writeValue(target, lab);
            }
        }
    }
}
