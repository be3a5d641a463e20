// FreeXL (Debian: libfreexl-dev), the reader of Excel 97–2003 workbooks (.xls) behind
// tally and questionnaire imports.
#include <freexl.h>
