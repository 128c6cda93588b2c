package ncdesign.backbones;

import com.google.auto.service.AutoService;
import ncdesign.api.backbone.BackboneProvider;

/** The {@code resnet152} backbone plugin (see {@link ResNet}). */
@AutoService(BackboneProvider.class)
public final class ResNet152 extends ResNet.Base {
    public ResNet152() {
        super("resnet152", true, 3, 8, 36, 3);
    }
}
