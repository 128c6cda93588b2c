/**
 * Datasets as uint8 images with labels ({@link ncdesign.data.Dataset}): readers for IDX, CIFAR and image folders,
 * the dataset catalog and verified downloads, seeded augmentation and batching, and CIFAR-10-C-style corruptions
 * ({@link ncdesign.data.Corruptions}). Everything here is plain Java and reproducible from a seed; it must not use
 * TensorFlow or know about models, runs or plugins other than the SPI types.
 */
package ncdesign.data;
