package ncdesign.backbones;

import com.google.auto.service.AutoService;
import ncdesign.api.backbone.BackboneProvider;

/** The {@code resnet50} backbone plugin (see {@link ResNet}). */
@AutoService(BackboneProvider.class)
public final class ResNet50 extends ResNet.Base {
    public ResNet50() {
        super("resnet50", true, 3, 4, 6, 3);
    }
}
