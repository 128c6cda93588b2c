package ncdesign.core.config;

import ncdesign.api.error.ConfigException;
import ncdesign.api.param.Params;

/**
 * Checks between resolved training options that no single option's {@code ParamSpec} can express: cached epochs
 * inside the run, and a run name that is one folder name.
 */
final class TrainOptionChecks {
    private TrainOptionChecks() {
    }

    static void check(Params p) {
        for (int e : p.getIntList("cache-epochs")) {
            if (e < 1 || e > p.getInt("epochs")) {
                throw new ConfigException("parameter 'cache-epochs' of ncd train lists epoch " + e + ", but the run's epochs are 1.."
                        + p.getInt("epochs") + " (--epochs " + p.getInt("epochs") + "); list epochs in that range");
            }
        }
        checkName(p.getString("name"));
    }

    /** {@code --name} is one folder name inside {@code --out}: no path separator, not {@code .} or {@code ..}. */
    private static void checkName(String name) {
        if (name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
            throw new ConfigException("--name '" + name + "' must be one folder name (no '/' or '\\'; not '.' or '..'):"
                    + " the run folder is created inside --out (choose --out to write it elsewhere)");
        }
    }
}
