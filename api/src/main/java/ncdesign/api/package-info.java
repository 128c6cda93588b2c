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
 */
package ncdesign.api;
