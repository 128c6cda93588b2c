/**
 * The file primitives every other runtime module writes through: atomic writes ({@link ncdesign.io.AtomicFiles}: a
 * file is either the old or the complete new content, never half written) and JSON output ({@link ncdesign.io.Json}).
 * The bottom of the runtime: it depends on no other ncdesign module and knows nothing of runs, data or models.
 */
package ncdesign.io;
