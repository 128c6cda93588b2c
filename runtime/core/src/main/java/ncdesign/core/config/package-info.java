/**
 * Settings of a training run: {@link ncdesign.core.config.TrainOptions} declares every option (with the same
 * {@link ncdesign.api.param.ParamSpec}s plugins use) and {@link ncdesign.core.config.TrainConfig} holds one run's
 * validated values, read from the command line and YAML. It owns parsing and validation only; it must not start
 * runs, touch TensorFlow or write files.
 */
package ncdesign.core.config;
