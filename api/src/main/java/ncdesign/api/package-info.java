/**
 * Root of the ncdesign SPI. Each plugin kind has its own package:
 * {@link ncdesign.api.loss}, {@link ncdesign.api.backbone}, {@link ncdesign.api.metric}, {@link ncdesign.api.eval}.
 * Hyper-parameters are declared with {@link ncdesign.api.param.ParamSpec} and arrive validated as
 * {@link ncdesign.api.param.Params}.
 */
package ncdesign.api;
