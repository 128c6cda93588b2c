/**
 * Tables in the paper's layout: the published numbers ({@link ncdesign.experiments.table.PaperTables}, transcribed
 * from the paper) and tables that set ours beside them ({@link ncdesign.experiments.table.ReportTable}). It formats;
 * it must not run experiments.
 */
package ncdesign.experiments.table;
