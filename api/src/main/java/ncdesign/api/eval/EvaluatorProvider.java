package ncdesign.api.eval;

import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.annotation.Stable;

/**
 * Discovered factory of {@link Evaluator}s.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface EvaluatorProvider extends PluginProvider<Evaluator> {
    @Override
    default PluginKind kind() {
        return PluginKind.EVALUATOR;
    }
}
