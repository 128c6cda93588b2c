package ncdesign.backbones;

import com.google.auto.service.AutoService;
import ncdesign.api.backbone.BackboneProvider;

/** The {@code resnet18} backbone plugin (see {@link ResNet}). */
@AutoService(BackboneProvider.class)
public final class ResNet18 extends ResNet.Base {
    public ResNet18() {
        super("resnet18", false, 2, 2, 2, 2);
    }
}
