// libqrencode (Debian: libqrencode-dev), the QR code encoder behind `sipas collect poster`.
#include <qrencode.h>
