package ncdesign.core.dist;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ncdesign.api.error.ConfigException;
import ncdesign.core.config.TrainConfig;
import ncdesign.io.Json;

/**
 * The workers of a synchronous data-parallel job and which one this process is. Worker 0 is the chief: it writes
 * the run folder and the checkpoints. A cluster file lists the workers' {@code host:port} addresses, in task order:
 * <pre>
 * workers:
 *   - 10.0.0.1:2222
 *   - 10.0.0.2:2222
 * </pre>
 * The TensorFlow {@code TF_CONFIG} layout is accepted too, as a file ({@code cluster: {worker: [...]}}) or in the
 * {@code TF_CONFIG} environment variable, whose {@code task.index} then gives the task.
 *
 * @param workers addresses of every worker, {@code host:port}, in task order
 * @param task    this process's index in {@code workers}
 */
public record ClusterSpec(List<String> workers, int task) {

    public ClusterSpec {
        workers = List.copyOf(workers);
        if (workers.isEmpty()) {
            throw new ConfigException("the cluster lists no workers; give at least one host:port");
        }
        for (String w : workers) {
            int colon = w.lastIndexOf(':');
            if (colon <= 0 || !w.substring(colon + 1).matches("\\d{1,5}") || Integer.parseInt(w.substring(colon + 1)) > 65535) {
                throw new ConfigException("worker address '" + w + "' is not host:port (e.g. 10.0.0.1:2222)");
            }
        }
        if (workers.stream().distinct().count() != workers.size()) {
            throw new ConfigException("the cluster lists a worker address twice: " + workers);
        }
        if (task < 0 || task >= workers.size()) {
            throw new ConfigException("--task " + task + " is not a worker of this cluster; use 0.." + (workers.size() - 1));
        }
    }

    /** Number of workers. */
    public int size() {
        return workers.size();
    }

    /** Whether this process is worker 0, which writes the run folder and checkpoints. */
    public boolean chief() {
        return task == 0;
    }

    /** This worker's address. */
    public String address() {
        return workers.get(task);
    }

    /** The port this worker listens on. */
    public int port() {
        return port(task);
    }

    /** Port of worker {@code i}. */
    int port(int i) {
        String w = workers.get(i);
        return Integer.parseInt(w.substring(w.lastIndexOf(':') + 1));
    }

    /** Host of worker {@code i}. */
    String host(int i) {
        String w = workers.get(i);
        String h = w.substring(0, w.lastIndexOf(':'));
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /**
     * The cluster of this process: from {@code file} and {@code task} when a file is given, else from the
     * {@code TF_CONFIG} value {@code tfConfig} (with {@code task}, when given, overriding its {@code task.index}),
     * else null (a single-process run).
     */
    public static ClusterSpec resolve(Path file, Integer task, String tfConfig) {
        if (file != null) {
            if (task == null) {
                throw new ConfigException("--cluster needs --task N: which worker of " + file + " this process is (0 is the chief)");
            }
            return new ClusterSpec(workersOf(TrainConfig.readFile(file), "cluster file " + file), task);
        }
        if (tfConfig != null && !tfConfig.isBlank()) {
            Map<String, Object> m = parse(tfConfig);
            int t;
            if (task != null) {
                t = task;
            } else if (m.get("task") instanceof Map<?, ?> tm && tm.get("index") instanceof Number n) {
                Object type = tm.get("type");
                if (type != null && !"worker".equals(type) && !"chief".equals(type)) {
                    throw new ConfigException("TF_CONFIG task type '" + type + "' is not supported; ncd runs only 'worker' tasks");
                }
                t = n.intValue();
            } else {
                throw new ConfigException("TF_CONFIG has no task.index; set it (e.g. \"task\": {\"type\": \"worker\", \"index\": 0}) or pass --task");
            }
            return new ClusterSpec(workersOf(m, "TF_CONFIG"), t);
        }
        if (task != null) {
            throw new ConfigException("--task was given without --cluster FILE (or the TF_CONFIG environment variable)");
        }
        return null;
    }

    private static Map<String, Object> parse(String tfConfig) {
        try {
            Object o = Json.read(tfConfig);
            if (!(o instanceof Map<?, ?> m)) {
                throw new ConfigException("TF_CONFIG must be a JSON object with 'cluster' and 'task'");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) m;
            return r;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TF_CONFIG is not valid JSON: " + e.getMessage().replace('\n', ' '));
        }
    }

    private static List<String> workersOf(Map<String, Object> m, String where) {
        Object list = m.get("workers");
        if (list == null && m.get("cluster") instanceof Map<?, ?> c) {
            if (c.keySet().stream().anyMatch(k -> !"worker".equals(k) && !"chief".equals(k))) {
                throw new ConfigException(where + " has jobs " + c.keySet() + "; ncd runs one 'worker' job (no parameter servers)");
            }
            List<Object> all = new ArrayList<>();
            if (c.get("chief") instanceof List<?> chief) {
                all.addAll(chief); // TF's convention: the chief is task 0 of the job, before the workers
            }
            if (c.get("worker") instanceof List<?> w) {
                all.addAll(w);
            }
            list = all;
        }
        if (!(list instanceof List<?> l) || l.isEmpty()) {
            throw new ConfigException(where + " lists no workers; write 'workers: [host:port, ...]'"
                    + " (or the TF_CONFIG form 'cluster: {worker: [host:port, ...]}')");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            out.add(String.valueOf(o).trim());
        }
        return out;
    }
}
