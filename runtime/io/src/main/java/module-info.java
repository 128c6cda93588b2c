/** Atomic file writes and JSON output: the file primitives every other runtime module writes through. */
module ncdesign.io {
    exports ncdesign.io;
}
