/**
 * What the GPU build needs from the host, and where it finds it: the CUDA 12 and cuDNN 9 libraries unpacked once
 * from Maven ({@link ncdesign.core.gpu.CudaLibraries}), the dynamic loader's search path and the NVIDIA driver
 * ({@link ncdesign.core.gpu.Host}). {@code ncd doctor} reports them.
 */
package ncdesign.core.gpu;
