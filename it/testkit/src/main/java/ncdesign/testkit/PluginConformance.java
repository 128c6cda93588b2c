package ncdesign.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.PluginProvider;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

/**
 * What every kit has: the provider under test, the parameters to test it with, and the check of the provider itself
 * ({@link ProviderChecks}: kebab-case name, one-line description, parameter declarations, {@code create} with the
 * defaults). Extend the kit of your plugin's kind, not this class. To check several plugins of one kind in one test
 * class, return {@link #checks(String)} of one kit instance per plugin from a {@code @TestFactory}:
 * <pre>
 * &#64;TestFactory Stream&lt;DynamicContainer&gt; everyMetric() {
 *     return Stream.of("my-a", "my-b").map(n -&gt; new MetricConformance() {
 *         &#64;Override protected MetricProvider provider() { return Plugins.provider(MetricProvider.class, n); }
 *     }.checks(n));
 * }
 * </pre>
 *
 * @param <T> the working object the provider creates
 * @param <P> the provider type
 */
public abstract class PluginConformance<T, P extends PluginProvider<T>> {

    /** For the kits. */
    protected PluginConformance() {
    }

    /** The provider under test, as {@code ServiceLoader} would create it (e.g. {@code new MyLossProvider()}). */
    protected abstract P provider();

    /** The parameter values the kit creates the plugin with (default: none, so every parameter takes its default). */
    protected Map<String, ?> params() {
        return Map.of();
    }

    /** The plugin made by {@link #provider()} with {@code values}, as the runtime makes it. */
    protected final T create(Map<String, ?> values) {
        return ProviderChecks.create(provider(), values);
    }

    /** {@code kind 'name' (ProviderClass)}, for messages. */
    protected final String who() {
        return ProviderChecks.who(provider());
    }

    /**
     * Name, description and parameter declarations are what the runtime accepts; create works with {@link #params()}
     * (the defaults, unless the test overrides it: a plugin may need a value only the user can give, as transfer's
     * downstream dataset, and refuse the defaults in one line).
     */
    @Test
    void providerDeclarations() {
        ProviderChecks.checkDeclarations(provider());
        ProviderChecks.create(provider(), params());
    }

    /** Every check of this kit, one dynamic test each, under {@code name}: for {@code @TestFactory} methods. */
    public final DynamicContainer checks(String name) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> c = getClass(); c != Object.class; c = c.getSuperclass()) {
            Method[] declared = c.getDeclaredMethods();
            java.util.Arrays.sort(declared, java.util.Comparator.comparing(Method::getName));
            for (Method m : declared) {
                if (m.isAnnotationPresent(Test.class)) {
                    m.setAccessible(true);
                    tests.add(DynamicTest.dynamicTest(m.getName(), () -> invoke(m)));
                }
            }
        }
        return DynamicContainer.dynamicContainer(name, tests);
    }

    private void invoke(Method m) throws Throwable {
        try {
            m.invoke(this);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
