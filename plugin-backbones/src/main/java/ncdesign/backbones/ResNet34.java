package ncdesign.backbones;

import com.google.auto.service.AutoService;
import ncdesign.api.backbone.BackboneProvider;

/** The {@code resnet34} backbone plugin (see {@link ResNet}). */
@AutoService(BackboneProvider.class)
public final class ResNet34 extends ResNet.Base {
    public ResNet34() {
        super("resnet34", false, 3, 4, 6, 3);
    }
}
