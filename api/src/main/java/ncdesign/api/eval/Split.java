package ncdesign.api.eval;

/** Dataset split. */
public enum Split {
    TRAIN,
    TEST;

    public String label() {
        return name().toLowerCase();
    }
}
