// poppler (Debian: libpoppler-glib-dev): renders the pages of a scanned PDF for
// `sipas scan import`.
#include <poppler.h>
#include <cairo.h>
