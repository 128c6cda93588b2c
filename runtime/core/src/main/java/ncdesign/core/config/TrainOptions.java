package ncdesign.core.config;

import java.util.List;
import ncdesign.api.param.ParamSpec;

/**
 * Every option of a training run, declared once: the CLI, configuration files and the resolved
 * {@code config.yaml} of a run all use these keys, and validation names the key that is wrong.
 */
public final class TrainOptions {
    private TrainOptions() {
    }

    /** The declared options, in the order {@code ncd train --help} documents them. */
    public static final List<ParamSpec> SPECS = List.of(
            ParamSpec.ofString("dataset", "fashion-mnist", "cifar10, cifar100, fashion-mnist, mnist, or folder:PATH"),
            ParamSpec.ofDouble("long-tail", 1.0, "imbalance ratio rho of a long-tailed training set (class c keeps n_max*rho^(c/(K-1))); 1 = balanced").greaterThan(0).atMost(1),
            ParamSpec.ofString("data-dir", "", "folder holding the dataset files (else $NCD_DATA, then /usr/share/datasets)"),
            ParamSpec.ofString("backbone", "mlp", "backbone plugin name (ncd plugins lists them)"),
            ParamSpec.ofString("loss", "ce", "loss plugin name"),
            ParamSpec.ofString("metrics", "all", "comma-separated metric names computed on the final train features, or all"),
            ParamSpec.ofString("evaluators", "classifier", "comma-separated evaluator names, or none"),
            ParamSpec.ofInt("epochs", 2, "training epochs").atLeast(1),
            ParamSpec.ofInt("max-steps", 0, "stop after this many steps (0 = no limit)").atLeast(0),
            ParamSpec.ofInt("batch", 128, "mini-batch size B").atLeast(2),
            ParamSpec.ofDouble("lr", 0.05, "initial learning rate η0 (cosine decay to η0·1e-3)").greaterThan(0),
            ParamSpec.ofDouble("momentum", 0.9, "SGD momentum").atLeast(0).atMost(0.999),
            ParamSpec.ofDouble("weight-decay", 1e-4, "L2 weight decay added to the gradient").atLeast(0),
            ParamSpec.ofDouble("warmup-epochs", 0, "linear learning-rate warm-up length in epochs").atLeast(0),
            ParamSpec.ofDouble("tau", 0, "temperature τ, set on the parameter the loss declares as its temperature (0 = loss default)").atLeast(0),
            ParamSpec.ofInt("seed", 42, "seed for initialisation, shuffling and augmentation"),
            ParamSpec.ofChoice("augment", "auto",
                    "augmentation: auto = contrastive for two-view losses, crop-flip for RGB datasets, none for greyscale",
                    "auto", "none", "crop-flip", "flip", "contrastive"),
            ParamSpec.ofInt("nc-every", 500, "compute the NC metrics every this many steps on a fixed training subset (0 = off)").atLeast(0),
            ParamSpec.ofInt("nc-subset", 1000, "size of that fixed training subset").atLeast(2),
            ParamSpec.ofBoolean("global-negatives", false,
                    "data-parallel runs: ntce, nonl, scl and prototype take negatives from the global batch of all workers (gathered; gradients reach only each worker's own samples)"),
            ParamSpec.ofString("head", "mlp", "projection head plugin for contrastive losses (mlp, linear, none)"),
            ParamSpec.ofIntList("cache-epochs", List.of(), "epochs (besides the last) whose features are cached in Arrow files"),
            ParamSpec.ofString("out", "runs", "parent folder of run folders"),
            ParamSpec.ofString("name", "", "run folder name (default: <dataset>-<backbone>-<loss>-<time>)"),
            ParamSpec.ofInt("threads", 0, "CPU threads for TensorFlow and the input pipeline (0 = all cores)").atLeast(0),
            ParamSpec.ofInt("eval-batch", 500, "batch size for feature extraction").atLeast(1),
            ParamSpec.ofString("plugins", "plugins", "folder of third-party plugin jars"),
            ParamSpec.ofString("device", "cpu", "where TensorFlow runs: cpu, auto (the first GPU TensorFlow sees, else the CPU), gpu or gpu:N"),
            ParamSpec.ofChoice("precision", "fp32",
                    "compute precision: fp32, tf32 (GPU), bf16 (CPU) or fp16 (loss-scaled); float32 master weights, losses and metrics",
                    "fp32", "tf32", "bf16", "fp16"),
            ParamSpec.ofBoolean("xla", false, "compile the graph with XLA (auto-clustering)"),
            ParamSpec.ofString("metrics-device", "auto",
                    "where the NC metrics' matrix products and spectra run: auto (a GPU run's GPU, else Java on the CPU), java, cpu, gpu or gpu:N"),
            ParamSpec.ofChoice("on-divergence", "stop",
                    "a non-finite loss or gradient: stop (keep the last checkpoint, exit non-zero) or skip the batch and count it",
                    "stop", "skip"),
            ParamSpec.ofString("max-skipped", "1%",
                    "with --on-divergence skip: the most batches a run may skip, as a count (e.g. 20) or a percentage of its steps (e.g. 1%); past it the run stops as with stop"),
            ParamSpec.ofInt("checkpoint-every", 0,
                    "also write a checkpoint every this many steps, for long epochs (0 = only at the end of every epoch); the last two are kept").atLeast(0));

    /** Keys that hold plugin hyper-parameter maps in configuration files. */
    public static final List<String> PARAM_MAPS = List.of("loss-params", "backbone-params");
}
