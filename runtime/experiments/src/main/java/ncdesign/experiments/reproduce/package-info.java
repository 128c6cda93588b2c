/**
 * {@code ncd reproduce}: the paper's experiment suite at a chosen scale ({@link ncdesign.experiments.reproduce.Suite},
 * {@link ncdesign.experiments.reproduce.Scale}), run cell by cell so an interrupted reproduction resumes where it
 * stopped ({@link ncdesign.experiments.reproduce.Reproduce}), and rendered as one report with every table.
 */
package ncdesign.experiments.reproduce;
