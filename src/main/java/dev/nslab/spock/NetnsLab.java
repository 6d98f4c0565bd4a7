package dev.nslab.spock;

import org.spockframework.runtime.extension.ExtensionAnnotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A lab for a Spock specification. On the spec: up before {@code setupSpec}, down after
 * {@code cleanupSpec}. On a feature: up around each of its iterations (before {@code setup},
 * after {@code cleanup}). Down happens whatever the feature did. Every field of type
 * {@link dev.nslab.api.Lab} receives the lab: {@code @Shared} fields the spec's, instance fields
 * the feature's, else the spec's.
 * <pre>{@code
 * @NetnsLab('dsl-examples/two-hosts.netns.groovy')
 * class TwoHostsSpec extends Specification {
 *     @Shared Lab lab
 *     def "h1 has its address"() {
 *         expect: lab.addressOf('h1', 'eth0') == '10.0.0.1'
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtensionAnnotation(NetnsLabExtension.class)
public @interface NetnsLab {
    /** The lab script: a file relative to the working directory, else a classpath resource. */
    String value();

    /**
     * After down, assert that the host is exactly as before up: the same named namespaces,
     * host links, addresses, routes and lab journals ({@link dev.nslab.api.HostSnapshot}).
     */
    boolean verifyNoResidue() default false;

    /**
     * After up, run the script's expectations ({@code ping}, {@code connect}, ...) and fail with
     * their table when one fails, as {@code nslab up} does; false: leave them to the test
     * ({@code lab.check()}).
     */
    boolean check() default true;
}
