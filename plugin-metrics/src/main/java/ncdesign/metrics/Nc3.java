package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.metrics.stats.ClassStats;

/**
 * {@code nc3} (Papyan et al. 2020), self-duality: ‖Ŵ/‖Ŵ‖_F − M̃/‖M̃‖_F‖²_F with Ŵ the normalised classifier rows
 * ŵ_c = w_c/‖w_c‖ and M̃ the rows μ_c − μ̄ of the normalised features, both over the K' classes with samples.
 * Optimum 0. Percent of optimum: 100·(1 − v/2) clipped to [0, 100]; 2 is the value when Ŵ and M̃ are uncorrelated
 * (Frobenius inner product 0). Needs weights.
 */
public final class Nc3 implements Metric {
    static final String NAME = "nc3";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        double[][] w = Geometry.presentWeights(s, NAME);
        s.requirePresentClasses(NAME, 2);
        int d = s.dim();
        double[][] mt = Geometry.centred(Geometry.presentMeans(s), d);
        double wn = Geometry.frobenius(w);
        double mn = Geometry.frobenius(mt);
        double v = 0;
        for (int c = 0; c < w.length; c++) {
            for (int j = 0; j < d; j++) {
                double t = (wn > 0 ? w[c][j] / wn : 0) - (mn > 0 ? mt[c][j] / mn : 0);
                v += t * t;
            }
        }
        v = Geometry.inRange(NAME, v, 0, 4);
        return List.of(new MetricValue(NAME, v, 0, Geometry.clip(100 * (1 - v / 2))));
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "Papyan NC3 |W/|W|_F - M/|M|_F|_F^2 with rows w_c/|w_c| and centred normalised means;"
                            + " optimum 0; % = 100(1 - v/2) clipped; needs weights",
                    List.of(),
                    params -> new Nc3());
        }
    }
}
