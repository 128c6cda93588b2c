package ncdesign.it.conformance;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** Every built-in ResNet passes the backbone kit (8×8 grey images, both stems). */
@Tag("slow")
class BuiltInResNetsConformanceTest {
    @TestFactory
    Stream<DynamicContainer> everyResNet() {
        return Stream.concat(Stream.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152")
                .map(n -> BuiltInNetworksConformanceTest.backbone(n, Map.of())),
                Stream.of(BuiltInNetworksConformanceTest.backbone("resnet18", Map.of("stem", "imagenet"))));
    }
}
