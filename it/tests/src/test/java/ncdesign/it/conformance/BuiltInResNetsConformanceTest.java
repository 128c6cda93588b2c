package ncdesign.it.conformance;

import java.util.Map;
import java.util.stream.Stream;
import ncdesign.api.backbone.BackboneProvider;
import ncdesign.testkit.Plugins;
import ncdesign.testkit.ProviderChecks;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The ResNets pass the backbone kit on 8×8 grey images: ResNet-18 (basic blocks) and ResNet-50 (bottleneck blocks),
 * with the CIFAR stem that {@code stem=auto} picks for small images. ResNet-34, -101 and -152 are the same code with
 * more blocks per stage (and the ImageNet stem one more convolution and pooling), and every build of a deep ResNet
 * costs seconds, so only their providers are checked here.
 */
@Tag("slow")
class BuiltInResNetsConformanceTest {
    @TestFactory
    Stream<DynamicContainer> resNets() {
        return Stream.of(BuiltInNetworksConformanceTest.backbone("resnet18", Map.of()),
                BuiltInNetworksConformanceTest.backbone("resnet50", Map.of()));
    }

    @Test
    void theDeeperResNetsProvidersPassTheProviderChecks() {
        for (String name : new String[] {"resnet34", "resnet101", "resnet152"}) {
            BackboneProvider p = Plugins.provider(BackboneProvider.class, name);
            ProviderChecks.checkDeclarations(p);
            ProviderChecks.create(p, Map.of());
        }
    }
}
