/** Dataset readers (IDX, CIFAR, image folders), seeded augmentation and corruptions on uint8 images. No TensorFlow. */
module ncdesign.data {
    requires transitive ncdesign.api;
    requires java.desktop;
    requires java.net.http;
    requires org.apache.logging.log4j;

    exports ncdesign.data;
}
