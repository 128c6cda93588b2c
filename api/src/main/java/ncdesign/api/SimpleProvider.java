package ncdesign.api;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import ncdesign.api.annotation.Stable;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.Params;

/**
 * A {@link PluginProvider} made of four values: name, description, parameter specs and a factory. A plugin's
 * provider extends it together with the interface of its kind, and its public no-argument constructor (which
 * {@link java.util.ServiceLoader} needs) only calls {@code super(...)}:
 *
 * <pre>{@code
 * @AutoService(LossProvider.class)
 * public final class MyLoss extends SimpleProvider<Loss> implements LossProvider {
 *     public MyLoss() {
 *         super("my-loss", "one line for ncd plugins",
 *                 List.of(ParamSpec.ofDouble("tau", 0.1, "temperature").greaterThan(0)),
 *                 p -> new MyLossImpl(p.getDouble("tau")));
 *     }
 * }
 * }</pre>
 *
 * <p>The kind comes from the interface ({@code LossProvider}, {@code MetricProvider}, ...). The factory runs only in
 * {@link #create(Params)}; the constructor keeps the values and does nothing else, so discovery stays cheap.
 *
 * @param <T> the working object the provider creates
 *
 * @since 0.1
 */
@Stable(since = "0.1")
public abstract class SimpleProvider<T> implements PluginProvider<T> {
    private final String name;
    private final String description;
    private final List<ParamSpec> parameters;
    private final Function<Params, ? extends T> factory;

    /**
     * @param name        the stable kebab-case {@link #name()}
     * @param description the one line {@link #description()}
     * @param parameters  the {@link #parameters()}, in order; copied
     * @param factory     builds the working object from validated parameters ({@link #create(Params)})
     */
    protected SimpleProvider(String name, String description, List<ParamSpec> parameters,
                             Function<Params, ? extends T> factory) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.parameters = List.copyOf(parameters);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<ParamSpec> parameters() {
        return parameters;
    }

    @Override
    public final T create(Params params) {
        return factory.apply(params);
    }
}
