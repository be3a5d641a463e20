// zbar (Debian: libzbar-dev): reads the QR code of each scanned page of a printed form.
#include <zbar.h>
