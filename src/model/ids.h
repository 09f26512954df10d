/* ids — what a unit id, a check id and an attribute key may be.
 *
 * A unit id is also a file name, so it is kept to [a-z0-9-], starting with
 * a letter or digit: no '/', no '..', no leading dot, nothing that can
 * leave the workspace folder. */
#ifndef QTOWN_IDS_H
#define QTOWN_IDS_H

#include <stdbool.h>

#define ID_MAX_LEN 64

bool id_is_unit_id(const char *s);
bool id_is_check_id(const char *s);      /* [A-Za-z0-9][A-Za-z0-9._-]* */
bool id_is_attribute_key(const char *s); /* [a-z][a-z0-9_]* */
/* A record's id (rectifications, evidence, visits...): as a unit id. */
bool id_is_record_id(const char *s);

#endif
