package ncdesign.api.eval;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;

/** Discovered factory of {@link Evaluator}s. */
public interface EvaluatorProvider extends PluginProvider<Evaluator> {
    @Override
    default PluginKind kind() {
        return PluginKind.EVALUATOR;
    }
}
