package ncdesign.api.probe;

import java.util.Objects;
import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossInputs;
import ncdesign.api.loss.LossNeeds;
import ncdesign.api.loss.LossOutput;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/** A loss made by {@link LossProbe#create}, which remembers its plugin name for messages. */
record NamedLoss(String name, Loss delegate) implements Loss {
    NamedLoss {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public LossNeeds needs() {
        return delegate.needs();
    }

    @Override
    public <T extends TFloating> LossOutput<T> build(Ops tf, LossInputs<T> in) {
        return delegate.build(tf, in);
    }

    @Override
    public String toString() {
        return "loss '" + name + "'";
    }
}
