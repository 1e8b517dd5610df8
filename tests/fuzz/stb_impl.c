/* Fuzz build only: stb_image / stb_image_write compiled from Debian's headers with the fuzzer's
 * instrumentation (coverage + AddressSanitizer), instead of the prebuilt libstb. The normal build
 * never defines these macros; it links libstb. */
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb_image_write.h>
