/**
 * The {@code ncd} command line: {@link ncdesign.cli.Main} and one thin picocli command per verb (train, metrics,
 * report, reproduce, ...). Commands parse options, call the other runtime modules and print; the logic they run
 * belongs to those modules, never here.
 */
package ncdesign.cli;
