package ncdesign.experiments.reproduce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run of the suite: a run-folder name and its {@code ncd train} options. Tables that need the same run
 * name the same cell, so it is trained once.
 *
 * @param name           run folder name under {@code OUT/runs/}
 * @param options        {@code ncd train} options (keys as on the command line, without dashes)
 * @param lossParams     {@code --loss-param} values
 * @param backboneParams {@code --backbone-param} values
 * @param evaluatorParams {@code --evaluator-param} values, as {@code evaluator.key=value}
 */
record Cell(String name, Map<String, Object> options, Map<String, Object> lossParams, Map<String, Object> backboneParams,
            List<String> evaluatorParams) {
    Cell {
        options = Map.copyOf(options);
        lossParams = Map.copyOf(lossParams);
        backboneParams = Map.copyOf(backboneParams);
        evaluatorParams = List.copyOf(evaluatorParams);
    }

    String dataset() {
        return String.valueOf(options.get("dataset"));
    }

    String loss() {
        return String.valueOf(options.get("loss"));
    }

    /** A copy with more options (later keys win). */
    Cell with(String newName, Map<String, Object> more) {
        Map<String, Object> o = new LinkedHashMap<>(options);
        o.putAll(more);
        return new Cell(newName, o, lossParams, backboneParams, evaluatorParams);
    }
}
