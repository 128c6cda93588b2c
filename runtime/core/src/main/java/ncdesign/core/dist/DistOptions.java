package ncdesign.core.dist;

/**
 * How one process takes part in a data-parallel job: launch-time settings, not part of a run's configuration (a
 * run can be resumed with another number of workers).
 *
 * @param cluster        the workers and this process's task
 * @param timeoutSeconds longest a step may wait for the other workers before the job stops (0 = no limit)
 * @param checkEvery     compare the workers' weights every this many steps (0 = only at the start and the end)
 */
public record DistOptions(ClusterSpec cluster, int timeoutSeconds, int checkEvery) {
}
