package ncdesign.api;

/** Whether a graph branch trains (batch statistics, dropout) or infers (running statistics). */
public enum Mode {
    TRAIN,
    INFER
}
