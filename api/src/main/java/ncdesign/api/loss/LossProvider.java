package ncdesign.api.loss;

import java.util.Optional;
import ncdesign.api.PluginKind;
import ncdesign.api.PluginProvider;
import ncdesign.api.annotation.Stable;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.ParamType;

/**
 * Discovered factory of {@link Loss}es.
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface LossProvider extends PluginProvider<Loss> {
    @Override
    default PluginKind kind() {
        return PluginKind.LOSS;
    }

    /**
     * The name of this loss's temperature τ among its {@link #parameters()} (a {@link ParamType#DOUBLE} parameter),
     * or empty when it has none. The runtime relies on this declaration, never on a parameter's name:
     * {@code ncd train --tau} and a sweep's {@code tau} axis set this parameter (and are refused for a loss without
     * one), the divergence hint suggests raising it, and {@code ncd export} turns scale-invariant scores into
     * probabilities as softmax(scores / τ) with its value (see {@link LossNeeds#scaleInvariant()}).
     *
     * <p>By default, the {@code DOUBLE} parameter named {@code tau} when there is one, so that providers written
     * before this method keep their meaning. Override it to name another parameter (e.g. {@code temperature}), or
     * to return {@link Optional#empty()} when a parameter named {@code tau} is not a softmax temperature. The runtime
     * refuses a provider that names a parameter it does not declare, or one that is not a {@code DOUBLE}.
     *
     * @since 0.1
     */
    default Optional<String> temperatureParameter() {
        return parameters().stream()
                .filter(p -> p.name().equals("tau") && p.type() == ParamType.DOUBLE)
                .map(ParamSpec::name)
                .findFirst();
    }
}
