/**
 * Plugin hyper-parameters: a plugin declares each one as a {@link ncdesign.api.param.ParamSpec} (type, default,
 * range, help), and the runtime hands the values to it already parsed and checked as {@link ncdesign.api.param.Params}.
 * This package owns parsing, defaults and validation of those values, with one-line errors that name the parameter;
 * it knows nothing of any plugin kind, of TensorFlow or of the runtime.
 */
package ncdesign.api.param;
