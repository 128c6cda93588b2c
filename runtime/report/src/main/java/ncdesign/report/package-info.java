/**
 * Reports over finished run folders: HTML reports ({@link ncdesign.report.HtmlReport}), charts, the convergence rules
 * of the paper's Table 7 ({@link ncdesign.report.Convergence}), corruption errors and galleries. It only reads runs
 * and renders them; it must not use TensorFlow, train or evaluate.
 */
package ncdesign.report;
