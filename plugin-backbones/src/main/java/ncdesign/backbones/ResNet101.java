package ncdesign.backbones;

import com.google.auto.service.AutoService;
import ncdesign.api.backbone.BackboneProvider;

/** The {@code resnet101} backbone plugin (see {@link ResNet}). */
@AutoService(BackboneProvider.class)
public final class ResNet101 extends ResNet.Base {
    public ResNet101() {
        super("resnet101", true, 3, 4, 23, 3);
    }
}
