/** Atomic file writes, JSON (on Jackson) and the run folder's layout: the file primitives every other runtime module writes through. */
module ncdesign.io {
    requires com.fasterxml.jackson.databind;

    exports ncdesign.io;
}
