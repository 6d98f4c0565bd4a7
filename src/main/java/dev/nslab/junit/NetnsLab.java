package dev.nslab.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A lab for a JUnit 5 test. On a class: up before all its tests, down after all of them. On a
 * method: up before that test, down after it. Down happens whatever the test did (failed,
 * threw, was aborted). A parameter of type {@link dev.nslab.api.Lab} in a test, lifecycle
 * method or constructor receives the lab (the method's when both have one).
 * <pre>{@code
 * @NetnsLab("dsl-examples/two-hosts.netns.groovy")
 * class TwoHostsTest {
 *     @Test void h1HasItsAddress(Lab lab) {
 *         assertEquals("10.0.0.1", lab.addressOf("h1", "eth0"));
 *     }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(NetnsLabExtension.class)
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
