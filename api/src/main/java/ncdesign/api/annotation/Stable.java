package ncdesign.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a published part of the SPI as stable since the api version {@link #since()}: it keeps its binary and
 * source compatibility for every later api version of the same major version. A stable interface only gains
 * {@code default} methods, a stable class or record only gains members; nothing is removed or changes its signature.
 * The build's api compatibility check (japicmp, against the baseline jar in {@code api/baseline/}) enforces it.
 *
 * <p>Retention is {@link RetentionPolicy#RUNTIME}, so tools (and tests) can read a type's stability by reflection,
 * and the annotation is {@link Documented}, so it appears in the Javadoc of what it marks.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Stable {
    /** The api version (major.minor) in which the element appeared in its present form, e.g. {@code "0.1"}. */
    String since();
}
