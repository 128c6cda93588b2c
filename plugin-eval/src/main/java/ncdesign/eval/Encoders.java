package ncdesign.eval;

import ncdesign.api.PluginException;
import ncdesign.api.eval.EvalContext;
import ncdesign.api.eval.EvalImages;
import ncdesign.api.eval.TrainedEncoder;

/** The encoder and images of protocols that need a forward pass, or their one-line refusal over a feature cache. */
record Encoders(TrainedEncoder encoder, EvalImages images) {

    /**
     * The context's encoder and images; {@code fix} names a command that runs the evaluator on a trained model.
     *
     * @throws PluginException when the context has cached features only
     */
    static Encoders require(EvalContext ctx, String evaluator, String fix) {
        if (ctx.encoder().isEmpty() || ctx.images().isEmpty()) {
            throw new PluginException("evaluator '" + evaluator + "' encodes images with the trained model, and here there are"
                    + " only cached features; run it on a trained model (ncd train --evaluators " + evaluator + ", or " + fix + ")");
        }
        return new Encoders(ctx.encoder().get(), ctx.images().get());
    }
}
