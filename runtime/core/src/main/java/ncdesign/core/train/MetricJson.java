package ncdesign.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import ncdesign.api.metric.MetricValue;

/** One metric value as a JSON-ready map with a stable key order. */
public final class MetricJson {
    private MetricJson() {
    }

    public static Map<String, Object> of(MetricValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", v.value());
        m.put("optimum", v.optimum());
        m.put("percent_of_optimum", v.percentOfOptimum());
        return m;
    }
}
