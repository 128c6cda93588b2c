package ncdesign.core.train;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * TensorBoard event files written by TensorFlow's own summary ops ({@code CreateSummaryFileWriter},
 * {@code WriteScalarSummary}), so {@code tensorboard --logdir runs/} shows loss, accuracy, learning rate and every
 * NC metric. It lives in a small graph of its own and never touches the model's.
 */
public final class TensorBoardWriter implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TInt64> step;
    private final Placeholder<TString> tag;
    private final Placeholder<TFloat32> value;
    private final Op write;
    private final Op flush;
    private final Op close;

    public TensorBoardWriter(Path logDir) throws java.io.IOException {
        Files.createDirectories(logDir);
        Ops tf = Ops.create(graph);
        SummaryWriter writer = tf.summary.summaryWriter(SummaryWriter.sharedName("ncd-" + System.nanoTime()));
        Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(logDir.toAbsolutePath().toString()),
                tf.constant(16), tf.constant(2000), tf.constant(".ncdesign"));
        step = tf.placeholder(TInt64.class);
        tag = tf.placeholder(TString.class);
        value = tf.placeholder(TFloat32.class);
        write = tf.summary.writeScalarSummary(writer, step, tag, value);
        flush = tf.summary.flushSummaryWriter(writer);
        close = tf.summary.closeSummaryWriter(writer);
        session = new Session(graph);
        session.run(create);
    }

    /** Writes one scalar; NaN values are skipped. */
    public void scalar(String name, long atStep, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return;
        }
        try (TInt64 s = TInt64.scalarOf(atStep); TString t = TString.scalarOf(name); TFloat32 x = TFloat32.scalarOf((float) v)) {
            session.runner().feed(step, s).feed(tag, t).feed(value, x).addTarget(write).run();
        }
    }

    public void flush() {
        session.run(flush);
    }

    @Override
    public void close() {
        try {
            session.run(flush);
            session.run(close);
        } finally {
            session.close();
            graph.close();
        }
    }
}
