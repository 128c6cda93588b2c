package ncdesign.metrics;

import com.google.auto.service.AutoService;
import java.util.ArrayList;
import java.util.List;
import ncdesign.api.SimpleProvider;
import ncdesign.api.metric.Metric;
import ncdesign.api.metric.MetricContext;
import ncdesign.api.metric.MetricProvider;
import ncdesign.api.metric.MetricValue;
import ncdesign.metrics.linalg.Spectral;
import ncdesign.metrics.stats.ClassStats;

/**
 * {@code nc2} (Papyan et al. 2020) on the centred class means M̃ (rows μ_c − μ̄ of the normalised features, over
 * the K' classes with samples). Values, all with optimum 0:
 * <ul>
 *   <li>{@code nc2-equinorm-means}: coefficient of variation (sample std / mean) of ‖μ_c − μ̄‖; % = 100·(1 − v);</li>
 *   <li>{@code nc2-equinorm-weights}: CV of the raw ‖w_c‖ over all K rows, only when the set has weights;
 *       % = 100·(1 − v);</li>
 *   <li>{@code nc2-equiangular-std}: sample std of the cosines between distinct centred means (each unordered pair
 *       once); % = 100·(1 − v);</li>
 *   <li>{@code nc2-equiangular-max}: mean over ordered pairs i ≠ j of |cos + 1/(K' − 1)| (Papyan's coherence);
 *       % = 100·(1 − v·(K' − 1)/K'), K'/(K' − 1) being its largest value;</li>
 *   <li>{@code nc2-etf-distance}: ‖M̃M̃ᵀ/‖M̃M̃ᵀ‖_F − E/‖E‖_F‖_F with E = I − 11ᵀ/K' the simplex ETF Gram;
 *       % = 100·(1 − v/2), 2 being the largest distance of two unit-norm matrices.</li>
 * </ul>
 * All percentages are clipped to [0, 100]. Needs K' − 1 ≤ d (the ETF must fit).
 */
public final class Nc2 implements Metric {
    static final String NAME = "nc2";

    @Override
    public List<MetricValue> compute(MetricContext ctx) {
        return compute(ClassStats.of(ctx));
    }

    static List<MetricValue> compute(ClassStats s) {
        s.requirePresentClasses(NAME, 2);
        int d = s.dim();
        double[][] mt = Geometry.centred(Geometry.presentMeans(s), d);
        int kp = mt.length;
        s.requireSimplexFits(NAME, kp);
        List<MetricValue> out = new ArrayList<>();
        double[] norms = new double[kp];
        double[][] unit = new double[kp][];
        for (int c = 0; c < kp; c++) {
            norms[c] = Spectral.norm(mt[c]);
            unit[c] = Geometry.normalised(mt[c], 0);
        }
        double cvm = Geometry.inRange("nc2-equinorm-means", Geometry.cv(norms), 0, Double.POSITIVE_INFINITY);
        out.add(new MetricValue("nc2-equinorm-means", cvm, 0, Geometry.clip(100 * (1 - cvm))));
        if (s.hasWeights()) {
            double cvw = Geometry.cv(s.weightNorms(NAME));
            out.add(new MetricValue("nc2-equinorm-weights", cvw, 0, Geometry.clip(100 * (1 - cvw))));
        }
        double[] cos = new double[kp * (kp - 1) / 2];
        double coherence = 0;
        int q = 0;
        for (int i = 0; i < kp; i++) {
            for (int j = i + 1; j < kp; j++) {
                double c = Spectral.dot(unit[i], unit[j]);
                cos[q++] = c;
                coherence += 2 * Math.abs(c + 1.0 / (kp - 1));
            }
        }
        coherence = Geometry.inRange("nc2-equiangular-max", coherence / ((double) kp * (kp - 1)), 0, kp / (kp - 1.0));
        double std = Geometry.inRange("nc2-equiangular-std", Geometry.sampleStd(cos), 0, 2);
        out.add(new MetricValue("nc2-equiangular-std", std, 0, Geometry.clip(100 * (1 - std))));
        out.add(new MetricValue("nc2-equiangular-max", coherence, 0,
                Geometry.clip(100 * (1 - coherence * (kp - 1) / kp))));
        double[][] g = Spectral.gram(mt);
        double gn = Geometry.frobenius(g);
        double en = Math.sqrt(kp - 1.0);
        double dist = 0;
        for (int i = 0; i < kp; i++) {
            for (int j = 0; j < kp; j++) {
                double e = ((i == j ? 1.0 : 0.0) - 1.0 / kp) / en;
                double t = (gn > 0 ? g[i][j] / gn : 0) - e;
                dist += t * t;
            }
        }
        dist = Geometry.inRange("nc2-etf-distance", Math.sqrt(dist), 0, 2);
        out.add(new MetricValue("nc2-etf-distance", dist, 0, Geometry.clip(100 * (1 - dist / 2))));
        return out;
    }

    /** Discovery entry. */
    @AutoService(MetricProvider.class)
    public static final class Provider extends SimpleProvider<Metric> implements MetricProvider {
        public Provider() {
            super(NAME,
                    "Papyan NC2 on centred normalised class means: nc2-equinorm-means/-weights (CV of norms),"
                            + " nc2-equiangular-std/-max, nc2-etf-distance; optima 0; % = 100(1 - v/worst) clipped",
                    List.of(),
                    params -> new Nc2());
        }
    }
}
