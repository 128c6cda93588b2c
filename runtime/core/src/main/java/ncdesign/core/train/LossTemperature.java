package ncdesign.core.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import ncdesign.api.PluginException;
import ncdesign.api.PluginKind;
import ncdesign.api.error.ConfigException;
import ncdesign.api.error.UserException;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.ParamSpec;
import ncdesign.api.param.ParamType;

/**
 * A loss's temperature as its provider declares it ({@link LossProvider#temperatureParameter()}), never by the name
 * of a parameter: the declaration checked against the loss's parameters, and {@code --tau} applied to it.
 */
final class LossTemperature {
    private LossTemperature() {
    }

    /**
     * The name of the loss's temperature parameter, or null when it declares none.
     *
     * @throws PluginException naming the loss and its module when the provider fails, or declares a parameter it
     *                         does not have or one that is not a {@code DOUBLE}
     */
    static String declared(LossProvider provider, String name, String module) {
        Optional<String> declared;
        List<ParamSpec> parameters;
        try {
            declared = provider.temperatureParameter();
            parameters = provider.parameters();
        } catch (UserException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw PluginException.of(PluginKind.LOSS, name, module, "failed to declare its temperature (temperatureParameter(),"
                    + " parameters()): " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().replace('\n', ' ')), e);
        }
        if (declared == null || declared.isEmpty()) {
            return null;
        }
        String t = declared.get();
        ParamSpec spec = parameters.stream().filter(p -> p.name().equals(t)).findFirst().orElseThrow(() ->
                PluginException.of(PluginKind.LOSS, name, module, "declares the temperature parameter '" + t
                        + "', which is not one of its parameters (" + parameters.stream().map(ParamSpec::name)
                        .collect(Collectors.joining(", ")) + "); fix its temperatureParameter()", null));
        if (spec.type() != ParamType.DOUBLE) {
            throw PluginException.of(PluginKind.LOSS, name, module, "declares the temperature parameter '" + t + "' of type "
                    + spec.type().name().toLowerCase() + "; a temperature must be a double", null);
        }
        return t;
    }

    /**
     * The loss's parameters with {@code --tau} set on its temperature parameter, unless that parameter is given
     * explicitly ({@code --loss-param}); unchanged when {@code tau} is 0 (not given).
     *
     * @param temperature the declared temperature parameter, or null
     * @throws ConfigException when {@code --tau} is given for a loss without a temperature
     */
    static Map<String, Object> withTau(Map<String, Object> raw, double tau, String temperature, String loss) {
        if (tau == 0) {
            return raw;
        }
        if (temperature == null) {
            throw new ConfigException("--tau was given but loss '" + loss + "' has no temperature; drop --tau or pick a normalised loss");
        }
        Map<String, Object> m = new LinkedHashMap<>(raw);
        m.putIfAbsent(temperature, tau);
        return m;
    }
}
