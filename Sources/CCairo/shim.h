// cairo and pango (Debian: libcairo2-dev, libpango1.0-dev): the PDF of `sipas forms print`,
// text laid out and measured by pango so every answer box has an exact place.
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
