/**
 * Root of the ncdesign SPI. Each plugin kind has its own package:
 * {@link ncdesign.api.loss}, {@link ncdesign.api.backbone}, {@link ncdesign.api.metric}, {@link ncdesign.api.eval}.
 * Hyper-parameters are declared with {@link ncdesign.api.param.ParamSpec} and arrive validated as
 * {@link ncdesign.api.param.Params}.
 *
 * <p>A provider is any class that implements the provider interface of its kind ({@code LossProvider}, ...) and has
 * a public no-argument constructor. Most providers are just a name, a description, parameter specs and a factory:
 * extend {@link ncdesign.api.SimpleProvider} and call its constructor, e.g.
 * {@code public MyLoss() { super("my-loss", "...", List.of(...), p -> new MyLossImpl(...)); }}.
 *
 * <h2>Stability and compatibility</h2>
 * Every published type of the api is marked {@link ncdesign.api.annotation.Stable} or
 * {@link ncdesign.api.annotation.Experimental}, with the
 * api version it appeared in ({@code since}, repeated as {@code @since} in its Javadoc; members added later carry
 * their own {@code @since}). Both annotations are {@code RUNTIME}-retained and documented. For stable types, from
 * api 0.1 on:
 * <ul>
 *   <li>published interfaces only gain {@code default} methods, so a plugin compiled against an older api keeps
 *       linking; no abstract method is added, and no method is removed or changes its signature;</li>
 *   <li>classes, records and enums only gain members (a record keeps its old canonical constructor when it gains a
 *       component); nothing public is removed or narrowed;</li>
 *   <li>breaking changes wait for the next major version.</li>
 * </ul>
 * The build enforces this: japicmp compares the api jar with the checked-in baseline {@code api/baseline/} and fails
 * on any binary- or source-incompatible change to a type that is not {@code @Experimental}.
 */
package ncdesign.api;
