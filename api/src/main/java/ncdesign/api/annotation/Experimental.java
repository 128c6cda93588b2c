package ncdesign.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a part of the SPI that may still change or disappear in a later minor api version, without the
 * compatibility promise of {@link Stable}; the build's api compatibility check leaves it out. A plugin that uses it
 * should expect to be rebuilt against a newer api.
 *
 * <p>Retention is {@link RetentionPolicy#RUNTIME}, so tools (and tests) can read it by reflection, and the annotation
 * is {@link Documented}, so it appears in the Javadoc of what it marks.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Experimental {
    /** The api version (major.minor) in which the element appeared, e.g. {@code "0.1"}. */
    String since();
}
