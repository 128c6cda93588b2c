package ncdesign.it.conformance;

import java.util.Map;
import java.util.stream.Stream;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.api.backbone.HeadProvider;
import ncdesign.testkit.BackboneConformance;
import ncdesign.testkit.HeadConformance;
import ncdesign.testkit.Plugins;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The small built-in backbones and every projection head pass their kits, at small widths ({@link BuiltInResNetsConformanceTest}
 * checks the ResNets). Slow tier: about 20 s of graph building on 2 cores.
 */
@Tag("slow")
class BuiltInNetworksConformanceTest {
    static DynamicContainer backbone(String name, Map<String, ?> params) {
        return new BackboneConformance() {
            @Override
            protected BackboneProvider provider() {
                return Plugins.provider(BackboneProvider.class, name);
            }

            @Override
            protected Map<String, ?> params() {
                return params;
            }
        }.checks("backbone " + name);
    }

    @TestFactory
    Stream<DynamicContainer> smallBuiltInBackbones() {
        return Stream.of(backbone("mlp", Map.of("widths", "16,8")), backbone("cnn", Map.of("channels", "4,8")),
                backbone("free", Map.of("dim", 8)));
    }

    @TestFactory
    Stream<DynamicContainer> everyBuiltInHead() {
        return Stream.of("mlp", "linear", "none").map(name -> new HeadConformance() {
            @Override
            protected HeadProvider provider() {
                return Plugins.provider(HeadProvider.class, name);
            }
        }.checks("head " + name));
    }
}
