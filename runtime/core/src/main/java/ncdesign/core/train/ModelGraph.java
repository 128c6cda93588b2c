package ncdesign.core.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncdesign.api.Mode;
import ncdesign.api.PluginException;
import ncdesign.api.backbone.Backbone;
import ncdesign.api.backbone.BackboneInput;
import ncdesign.api.backbone.Head;
import ncdesign.api.backbone.Initializer;
import ncdesign.api.backbone.InputSpec;
import ncdesign.api.error.ConfigException;
import ncdesign.api.loss.ClassifierKind;
import ncdesign.api.loss.FeatureSource;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import ncdesign.api.loss.SimplexEtf;
import ncdesign.core.dist.Replicas;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TNumber;

/**
 * The training graph, assembled from what the loss declares it needs (never from its name):
 * <pre>
 * images → Backbone(TRAIN) → features ─┬─ classifier (learned ± bias | fixed ETF | none) ─→ Loss → loss, scores
 *                                       └─ second view when the loss asks for two
 * loss → gradients of the trainable variables → SGD with momentum and weight decay
 * images → Backbone(INFER) → features → same classifier → Loss(INFER) → scores, predictions   (evaluation branch)
 * </pre>
 * Both branches share variables through {@link RuntimeVariables}.
 */
final class ModelGraph {
    final Graph graph;
    final Ops tf;
    final RuntimeVariables vars;
    final LossNeeds needs;
    final int featureDim;

    // training branch
    final Placeholder<TUint8> images;
    final Placeholder<TUint8> images2;
    final Placeholder<TInt32> labels;
    final Placeholder<TInt32> sampleIds;
    final Placeholder<TFloat32> learningRate;
    /** The step's loss (with several workers: their mean, as every worker reports it). */
    Operand<TFloat32> loss;
    /** Correctly classified samples of the step (with several workers: all of them). */
    Operand<TFloat32> correct;
    final Map<String, Operand<TFloat32>> diagnostics = new LinkedHashMap<>();
    final Op trainOp;

    // evaluation branch
    final Placeholder<TUint8> evalImages;
    final Placeholder<TInt32> evalLabels;
    final Placeholder<TInt32> evalIds;
    final Operand<TFloat32> evalFeatures;
    /** Projection-head features of the evaluation branch, or null without a head. */
    final Operand<TFloat32> evalHead;
    final Head head;
    final int headDim;
    final Operand<TInt32> evalPredictions;
    final Operand<TFloat32> evalLoss;

    // the classifier, for feature caches
    final Operand<TFloat32> classifierWeights;
    final Operand<TFloat32> classifierBias;

    /**
     * @param backboneLabel e.g. "backbone 'mlp' (module ncdesign.backbones)", used in error messages
     * @param lossLabel     the same for the loss
     */
    /** Scalar: 1 when this step's loss and gradients were finite and the update was applied (skip mode). */
    Operand<TFloat32> stepApplied;
    private final boolean skipBadBatches;
    /** fp16: the loss is multiplied by a dynamic scale before differentiation (see {@link #optimizer}). */
    private final boolean lossScaling;
    /** Initial loss scale and the number of finite steps after which it doubles (as PyTorch's GradScaler). */
    static final float INITIAL_LOSS_SCALE = 65536f;
    static final int LOSS_SCALE_GROWTH_INTERVAL = 2000;
    /** Scalar: the current loss scale (fp16 only, else null). */
    Operand<TFloat32> lossScale;
    /** The data-parallel job this graph is one replica of, or null for a single process. */
    private final Replicas replicas;

    /**
     * With {@code replicas}, the graph of one worker of a synchronous data-parallel job: losses get the cross-replica
     * gather of {@link Replicas#gather()}, and the gradients, the loss and the step's counters are all-reduced before
     * the update (see {@link #allReduce}).
     */
    ModelGraph(Backbone backbone, Loss loss, InputSpec spec, float[][] normalisation, long seed, double momentum, double weightDecay,
               String backboneLabel, String lossLabel, boolean skipBadBatches, Head head, Replicas replicas, boolean lossScaling) {
        this.skipBadBatches = skipBadBatches || lossScaling;
        this.lossScaling = lossScaling;
        this.replicas = replicas;
        this.graph = new Graph();
        this.tf = Ops.create(graph);
        this.vars = new RuntimeVariables(tf, seed);
        this.needs = loss.needs();
        if (needs.features() == FeatureSource.PROJECTION && head == null) {
            throw new ConfigException("the loss trains on projection-head features but no projection head was given (--head)");
        }
        this.featureDim = backbone.featureDim(spec);
        this.head = needs.features() == FeatureSource.PROJECTION ? head : null;
        this.headDim = this.head == null ? 0 : this.head.outputDim(featureDim);
        Shape img = Shape.of(-1, spec.height(), spec.width(), spec.channels());

        // uint8 pixels are fed once; conversion and normalisation run in the graph, on the run's device
        Operand<TFloat32> mean = tf.constant(scaled(normalisation[0], 255));
        Operand<TFloat32> std = tf.constant(scaled(normalisation[1], 255));
        images = tf.withName("images").placeholder(TUint8.class, Placeholder.shape(img));
        images2 = needs.views() == 2 ? tf.withName("images2").placeholder(TUint8.class, Placeholder.shape(img)) : null;
        labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        sampleIds = tf.withName("sample_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        learningRate = tf.withName("lr").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        RuntimeVariables bbVars = vars.scope("backbone");
        RuntimeVariables clsVars = vars.scope("classifier");
        RuntimeVariables lossVars = vars.scope("loss");

        // Classifier (created once, shared by both branches).
        ClassifierKind kind = needs.classifier();
        int k = spec.numClasses();
        Operand<TFloat32> w = null;
        Operand<TFloat32> b = null;
        switch (kind) {
            case LEARNED_WITH_BIAS -> {
                w = clsVars.trainable("w", Shape.of(k, featureDim), Initializer.linearDefault(featureDim));
                b = clsVars.trainableNoDecay("b", Shape.of(k), Initializer.linearDefault(featureDim));
            }
            case LEARNED_NO_BIAS -> w = clsVars.trainable("w", Shape.of(k, featureDim), Initializer.linearDefault(featureDim));
            case FIXED_ETF -> {
                double[][] etf = SimplexEtf.rows(k, featureDim, seed);
                float[][] f = new float[k][featureDim];
                for (int c = 0; c < k; c++) {
                    for (int j = 0; j < featureDim; j++) {
                        f[c][j] = (float) etf[c][j];
                    }
                }
                w = clsVars.state("etf", Shape.of(k, featureDim), (ops, shape, s) -> ops.constant(f)).value();
            }
            case NONE -> {
            }
        }
        classifierWeights = w;
        classifierBias = b;

        // Training branch: both views go through the backbone together so BatchNorm sees one batch.
        Ops trainOps = tf.withSubScope("train");
        Operand<TFloat32> feats;
        Operand<TFloat32> feats2 = null;
        if (images2 != null) {
            Operand<TFloat32> both = normalise(trainOps, trainOps.concat(List.of(images, images2), trainOps.constant(0)), mean, std);
            Operand<TInt32> ids2 = trainOps.concat(List.of(sampleIds, sampleIds), trainOps.constant(0));
            Operand<TFloat32> f = backbone.forward(trainOps.withSubScope("backbone"),
                    new BackboneInput(both, ids2, Mode.TRAIN, bbVars, spec));
            checkFeatures(f, backboneLabel);
            if (this.head != null) {
                f = this.head.forward(trainOps.withSubScope("head"), f, featureDim, Mode.TRAIN, vars.scope("head"));
            }
            Operand<TInt32> m = trainOps.reshape(trainOps.shape.size(labels, trainOps.constant(0)), trainOps.constant(new int[] {1}));
            var parts = trainOps.splitV(f, trainOps.concat(List.of(m, m), trainOps.constant(0)), trainOps.constant(0), 2L);
            feats = parts.output().get(0);
            feats2 = parts.output().get(1);
        } else {
            feats = backbone.forward(trainOps.withSubScope("backbone"),
                    new BackboneInput(normalise(trainOps, images, mean, std), sampleIds, Mode.TRAIN, bbVars, spec));
            checkFeatures(feats, backboneLabel);
            if (this.head != null) {
                feats = this.head.forward(trainOps.withSubScope("head"), feats, featureDim, Mode.TRAIN, vars.scope("head"));
            }
        }
        LossOutput<TFloat32> out = loss.build(trainOps.withSubScope("loss"), new LossInputs<>(
                TFloat32.class, feats, labels, k, w, b, feats2, Mode.TRAIN, lossVars, replicas == null ? null : replicas.gather()));
        checkOutput(out, k, lossLabel);
        this.loss = out.loss();
        this.correct = out.scores() == null ? null : correctCount(trainOps, out.scores(), labels);
        for (Map.Entry<String, Operand<? extends TNumber>> d : out.diagnostics().entrySet()) {
            diagnostics.put(d.getKey(), trainOps.dtypes.cast(d.getValue(), TFloat32.class));
        }
        this.trainOp = optimizer(trainOps.withSubScope("sgd"), momentum, weightDecay);

        // Evaluation branch.
        Ops evalOps = tf.withSubScope("eval");
        evalImages = tf.withName("eval_images").placeholder(TUint8.class, Placeholder.shape(img));
        evalLabels = tf.withName("eval_labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        evalIds = tf.withName("eval_ids").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        evalFeatures = backbone.forward(evalOps.withSubScope("backbone"),
                new BackboneInput(normalise(evalOps, evalImages, mean, std), evalIds, Mode.INFER, bbVars, spec));
        evalHead = this.head == null ? null
                : this.head.forward(evalOps.withSubScope("head"), evalFeatures, featureDim, Mode.INFER, vars.scope("head"));
        Operand<TFloat32> lossFeatures = evalHead == null ? evalFeatures : evalHead;
        LossOutput<TFloat32> evalOut = loss.build(evalOps.withSubScope("loss"), new LossInputs<>(
                TFloat32.class, lossFeatures, evalLabels, k, w, b, needs.views() == 2 ? lossFeatures : null,
                Mode.INFER, lossVars, null));
        evalLoss = evalOut.loss();
        evalPredictions = evalOut.scores() == null ? null
                : evalOps.dtypes.cast(evalOps.math.argMax(evalOut.scores(), evalOps.constant(1), TInt64.class), TInt32.class);
    }

    /** (x − 255·mean) / (255·std) per channel: uint8 pixels to the normalised float32 images backbones expect. */
    static Operand<TFloat32> normalise(Ops tf, Operand<TUint8> pixels, Operand<TFloat32> mean255, Operand<TFloat32> std255) {
        Ops n = tf.withSubScope("normalise");
        return n.math.div(n.math.sub(n.dtypes.cast(pixels, TFloat32.class), mean255), std255);
    }

    static float[] scaled(float[] v, float by) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * by;
        }
        return out;
    }

    /** A plugin that returns a tensor of the wrong shape is named before anything runs. */
    private void checkFeatures(Operand<TFloat32> f, String who) {
        Shape s = f.shape();
        if (s.numDimensions() != 2 || (s.get(1) >= 0 && s.get(1) != featureDim)) {
            throw new PluginException(who + " returned features of shape " + s + " but declares feature dimension "
                    + featureDim + "; its forward() and featureDim() disagree");
        }
    }

    private static void checkOutput(LossOutput<TFloat32> out, int k, String who) {
        if (out.loss().shape().numDimensions() != 0) {
            throw new PluginException(who + " returned a loss of shape " + out.loss().shape() + "; a loss must be a scalar");
        }
        if (out.scores() != null) {
            Shape s = out.scores().shape();
            if (s.numDimensions() != 2 || (s.get(1) >= 0 && s.get(1) != k)) {
                throw new PluginException(who + " returned class scores of shape " + s + "; expected [batch, " + k + "]");
            }
        }
    }

    private final Map<String, Placeholder<TFloat32>> restoreInputs = new HashMap<>();
    private final Map<String, Op> restoreOps = new HashMap<>();

    /** Placeholder that feeds a checkpointed value into {@code e} (created on first use). */
    Placeholder<TFloat32> restoreInput(RuntimeVariables.Entry e) {
        restoreOp(e);
        return restoreInputs.get(e.name());
    }

    /** Op that assigns {@link #restoreInput} to the variable. */
    Op restoreOp(RuntimeVariables.Entry e) {
        return restoreOps.computeIfAbsent(e.name(), n -> {
            Ops r = tf.withSubScope("restore");
            Placeholder<TFloat32> p = r.placeholder(TFloat32.class, Placeholder.shape(e.shape()));
            restoreInputs.put(n, p);
            return r.assign(e.variable(), p);
        });
    }

    private static Operand<TFloat32> correctCount(Ops tf, Operand<TFloat32> scores, Operand<TInt32> labels) {
        Operand<TInt32> pred = tf.dtypes.cast(tf.math.argMax(scores, tf.constant(1), TInt64.class), TInt32.class);
        return tf.reduceSum(tf.dtypes.cast(tf.math.equal(pred, labels), TFloat32.class), tf.constant(0));
    }

    /**
     * Data-parallel step: one all-reduce averages the gradients (each the gradient of this worker's mean loss over
     * its shard, so their mean is the gradient over the global batch) and the loss, and sums the correct count and
     * the diagnostics. {@link #loss}, {@link #correct} and {@link #diagnostics} then hold the job-wide values.
     */
    private List<Operand<TFloat32>> allReduce(Ops tf, List<Operand<TFloat32>> grads) {
        List<Operand<TFloat32>> mean = new ArrayList<>(grads);
        mean.add(loss);
        List<Operand<TFloat32>> sum = new ArrayList<>();
        if (correct != null) {
            sum.add(correct);
        }
        List<String> diagNames = new ArrayList<>(diagnostics.keySet());
        for (String d : diagNames) {
            sum.add(diagnostics.get(d));
        }
        List<Operand<TFloat32>> r = replicas.allReduce(tf, mean, sum);
        int k = grads.size();
        loss = r.get(k++);
        if (correct != null) {
            correct = r.get(k++);
        }
        for (String d : diagNames) {
            diagnostics.put(d, r.get(k++));
        }
        return new ArrayList<>(r.subList(0, grads.size()));
    }

    /**
     * SGD with momentum as PyTorch defines it (buf ← μ·buf + g + λw; w ← w − η·buf), applied to the trainable
     * variables only, so fixed classifiers and running statistics never move. Weight decay is part of the
     * update rule rather than a Σw² term in the loss.
     */
    private Op optimizer(Ops tf, double momentum, double weightDecay) {
        List<RuntimeVariables.Entry> trainable = new ArrayList<>();
        for (RuntimeVariables.Entry e : vars.entries()) {
            if (e.trainable()) {
                trainable.add(e);
            }
        }
        if (trainable.isEmpty()) {
            throw new PluginException("the model has no trainable variables");
        }
        RuntimeVariables optVars = vars.scope("optimizer");
        ncdesign.api.backbone.StateVariable scale = null;
        Operand<TFloat32> differentiated = loss;
        if (lossScaling) {
            // Dynamic loss scaling: float16 gradients of small losses underflow, so the loss is scaled up before
            // differentiation and the gradients scaled back down in float32; a step whose gradients overflowed is
            // skipped and the scale halved, and after LOSS_SCALE_GROWTH_INTERVAL finite steps the scale doubles.
            scale = optVars.state("loss_scale", Shape.scalar(), (ops, shape, seed) -> ops.constant(INITIAL_LOSS_SCALE));
            lossScale = scale.value();
            differentiated = tf.math.mul(loss, scale.value());
        }
        Gradients grads = tf.gradients(differentiated, trainable.stream().map(RuntimeVariables.Entry::read).toList());
        Operand<TFloat32> mu = tf.constant((float) momentum);
        Operand<TFloat32> wd = tf.constant((float) weightDecay);
        List<RuntimeVariables.Entry> targets = new ArrayList<>();
        List<Operand<TFloat32>> steps = new ArrayList<>();
        for (int i = 0; i < trainable.size(); i++) {
            RuntimeVariables.Entry e = trainable.get(i);
            @SuppressWarnings("unchecked")
            Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads.dy(i);
            if (g == null) {
                continue; // the loss does not depend on this variable
            }
            targets.add(e);
            steps.add(scale == null ? g : tf.math.div(g, scale.value()));
        }
        if (replicas != null) {
            steps = allReduce(tf, steps);
        }
        for (int i = 0; i < targets.size(); i++) {
            if (targets.get(i).kind() == RuntimeVariables.Kind.TRAINABLE && weightDecay > 0) {
                steps.set(i, tf.math.add(steps.get(i), tf.math.mul(wd, targets.get(i).read())));
            }
        }
        // Every update waits for every gradient: a variable's read shares its buffer, and updating it in place
        // while another gradient still reads it would race (and make runs irreproducible).
        Ops apply = tf.withControlDependencies(new ArrayList<>(steps));
        List<Op> updates = new ArrayList<>();
        if (skipBadBatches) {
            // Apply the update only when the loss and every gradient are finite; otherwise leave all weights and
            // momenta untouched (the batch is skipped and counted).
            Operand<org.tensorflow.types.TBool> ok = apply.math.isFinite(loss);
            for (Operand<TFloat32> g : steps) {
                ok = apply.math.logicalAnd(ok, apply.reduceAll(apply.math.isFinite(g),
                        apply.range(apply.constant(0), apply.rank(g), apply.constant(1))));
            }
            stepApplied = apply.dtypes.cast(ok, TFloat32.class);
            for (int i = 0; i < targets.size(); i++) {
                RuntimeVariables.Entry e = targets.get(i);
                optVars.state(e.name() + "/momentum", e.shape(), Initializer.zeros());
                RuntimeVariables.Entry buf = vars.entries().stream()
                        .filter(x -> x.name().equals("optimizer/" + e.name() + "/momentum")).findFirst().orElseThrow();
                Operand<TFloat32> m = apply.math.add(apply.math.mul(buf.read(), mu), steps.get(i));
                Operand<TFloat32> w = apply.math.sub(e.read(), apply.math.mul(learningRate, m));
                updates.add(apply.assign(buf.variable(), apply.select(ok, m, buf.read())));
                updates.add(apply.assign(e.variable(), apply.select(ok, w, e.read())));
            }
            if (scale != null) {
                ncdesign.api.backbone.StateVariable good = optVars.state("loss_scale_good_steps", Shape.scalar(), Initializer.zeros());
                Operand<TFloat32> next = apply.math.add(good.value(), apply.constant(1f));
                Operand<org.tensorflow.types.TBool> grow = apply.math.greaterEqual(next, apply.constant((float) LOSS_SCALE_GROWTH_INTERVAL));
                Operand<TFloat32> s2 = apply.select(ok, apply.select(grow, apply.math.mul(scale.value(), apply.constant(2f)), scale.value()),
                        apply.math.maximum(apply.math.mul(scale.value(), apply.constant(0.5f)), apply.constant(1f)));
                Operand<TFloat32> g2 = apply.select(ok, apply.select(grow, apply.zerosLike(next), next), apply.zerosLike(next));
                updates.add(scale.assign(apply, s2));
                updates.add(good.assign(apply, g2));
            }
            updates.addAll(vars.trainUpdates());
            return tf.withControlDependencies(updates).noOp();
        }
        for (int i = 0; i < targets.size(); i++) {
            RuntimeVariables.Entry e = targets.get(i);
            optVars.state(e.name() + "/momentum", e.shape(), Initializer.zeros());
            RuntimeVariables.Entry buf = vars.entries().stream()
                    .filter(x -> x.name().equals("optimizer/" + e.name() + "/momentum")).findFirst().orElseThrow();
            updates.add(apply.train.applyMomentum(e.variable(), buf.variable(), learningRate, steps.get(i), mu));
        }
        updates.addAll(vars.trainUpdates());
        return tf.withControlDependencies(updates).noOp();
    }
}
