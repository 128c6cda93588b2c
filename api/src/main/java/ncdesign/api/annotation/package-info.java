/**
 * The stability markers of the SPI: {@link ncdesign.api.annotation.Stable} and
 * {@link ncdesign.api.annotation.Experimental}, each with the api version ({@code since}) an element appeared in. A
 * package of its own that depends on nothing, so every api package can use them without a package cycle.
 *
 * @since 0.1
 */
package ncdesign.api.annotation;
