/**
 * The file primitives every other runtime module writes through: atomic writes ({@link ncdesign.io.AtomicFiles}: a
 * file is either the old or the complete new content, never half written), JSON writing and reading on Jackson
 * ({@link ncdesign.io.Json}, {@link ncdesign.io.JsonLines}; a file that does not parse is a
 * {@link ncdesign.io.JsonFileException} naming the file and line), the names of a run folder's files
 * ({@link ncdesign.io.RunLayout}) and the lock of its one writer ({@link ncdesign.io.RunLock}). The bottom of the
 * runtime: it depends on no other ncdesign module and knows nothing of data or models.
 */
package ncdesign.io;
