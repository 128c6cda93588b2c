/** Feature caches: Arrow IPC files and .npy read as {@link ncdesign.api.metric.FeatureSet}s. The only module that opens Arrow's memory. */
module ncdesign.features {
    requires transitive ncdesign.api;
    requires ncdesign.io;
    requires org.apache.arrow.vector;
    requires org.apache.arrow.memory.core;
    requires org.apache.arrow.memory.unsafe;

    exports ncdesign.features;
}
