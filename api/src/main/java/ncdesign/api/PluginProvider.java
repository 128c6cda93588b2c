package ncdesign.api;

import java.util.List;
import ncdesign.api.annotation.Stable;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * A cheap, discovered factory for one plugin: a stable kebab-case {@link #name()}, a one-line
 * {@link #description()}, typed hyper-parameters with defaults, and {@link #create(Params)} which builds the
 * working object from parameters that the runtime has already validated against {@link #parameters()}.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader}; a plugin module declares
 * {@code provides ncdesign.api.loss.LossProvider with ...} (and may also use {@code @AutoService} for class-path users).
 * Constructors must be cheap and must not touch TensorFlow: discovery instantiates every provider.
 *
 * @param <T> the working object the provider creates
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public interface PluginProvider<T> {

    /** Stable, unique (per kind), kebab-case identifier used on the command line and in configuration files. */
    String name();

    /** One line that {@code ncd plugins} prints. */
    String description();

    /** The hyper-parameters this plugin accepts, with defaults; empty when it has none. */
    default List<ParamSpec> parameters() {
        return List.of();
    }

    /** Creates the working object. {@code params} holds a value for every declared parameter. */
    T create(Params params);

    /** The kind of plugin, used in listings and error messages. */
    PluginKind kind();
}
