// Leptonica (Debian: libleptonica-dev): decodes scanned pages (PNG, JPEG, TIFF) into grey
// images for `sipas scan import`, and compresses the page images kept as evidence.
#include <leptonica/allheaders.h>
